namespace Diver.Tests.Infrastructure;

/// <summary>
/// Finds QEMU processes whose command line mentions a path, so a test can prove that no QEMU it
/// started outlived the run (every test works in its own temporary folder).
/// </summary>
public static class QemuProcesses
{
    public static IReadOnlyList<int> Mentioning(string path)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (cmdline.Contains("qemu-system", StringComparison.Ordinal) && cmdline.Contains(path, StringComparison.Ordinal))
                pids.Add(pid);
        }
        return pids;
    }

    /// <summary>Waits briefly for QEMU processes to go (reaping is asynchronous), then returns the survivors.</summary>
    public static IReadOnlyList<int> SurvivorsMentioning(string path, TimeSpan? grace = null)
    {
        var deadline = DateTime.UtcNow + (grace ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var left = Mentioning(path);
            if (left.Count == 0 || DateTime.UtcNow > deadline) return left;
            Thread.Sleep(100);
        }
    }

    public static void KillAll(string path)
    {
        foreach (var pid in Mentioning(path))
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
    }
}
