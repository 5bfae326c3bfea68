namespace Diver.Pipelines;

/// <summary>What the planner may hand out: the host's cores and the memory guests may take.</summary>
public sealed record HostResources(int Cores, long MemoryBytes)
{
    /// <summary>This machine: every online core, and the memory Linux reports as available.</summary>
    public static HostResources OfThisMachine() => new(Environment.ProcessorCount, AvailableMemoryBytes());

    static long AvailableMemoryBytes()
    {
        // MemAvailable is what can be allocated without swapping; guest RAM is ordinary host memory.
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal)) continue;
                var kib = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                return kib * 1024;
            }
        }
        catch (IOException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
