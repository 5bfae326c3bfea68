namespace Diver.Cli.Tests.EndToEnd;

/// <summary>Finds QEMU processes by a marker in their command line (a test's private temp folder).</summary>
public static class QemuProcesses
{
    public static IReadOnlyList<int> WithArgumentContaining(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains("qemu-system", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException) { }   // the process ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>
    /// Asserts that no QEMU of this test is left. The launcher reaps QEMU before it exits, so there
    /// is nothing to wait for; a short grace only covers /proc catching up.
    /// </summary>
    public static void AssertNoneLeft(string marker)
    {
        for (var i = 0; i < 20 && WithArgumentContaining(marker).Count > 0; i++)
            Thread.Sleep(100);
        var left = WithArgumentContaining(marker);
        Assert.True(left.Count == 0, $"QEMU processes left running: {string.Join(", ", left)}");
    }
}
