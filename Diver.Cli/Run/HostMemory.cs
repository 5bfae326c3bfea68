namespace Diver.Cli.Run;

/// <summary>The host's RAM, for the guest-memory ceiling (<see cref="MemoryRequest"/>).</summary>
internal static class HostMemory
{
    /// <summary>MemTotal from /proc/meminfo in bytes, or null where there is none.</summary>
    public static long? Total()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal)
                    && long.TryParse(line["MemTotal:".Length..].Replace("kB", "").Trim(), out var kib))
                    return kib * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
