namespace Diver.Cli.Symbols;

/// <summary>Binary search over items sorted by start address, shared by the symbol and line tables.</summary>
internal static class SortedLookup
{
    /// <summary>The index of the last item whose start is at or below the address, or -1.</summary>
    public static int LastAtOrBelow<T>(T[] items, Func<T, ulong> start, ulong address)
    {
        int lo = 0, hi = items.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (start(items[mid]) <= address) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }
}
