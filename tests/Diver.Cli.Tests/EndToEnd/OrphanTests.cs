namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// Nothing the launcher starts outlives it, and with --exit-with-parent (what `dotnet run` passes)
/// nothing outlives the launcher's parent: whichever process in the chain is killed, and however,
/// QEMU stops and no console log or guest-RAM file is left in the temp folder or /dev/shm.
/// </summary>
public sealed class OrphanTests : IDisposable
{
    const int SIGHUP = 1, SIGKILL = 9, SIGTERM = 15;
    readonly TinyNets nets = new();
    readonly string temp;

    public OrphanTests() => temp = Directory.CreateDirectory(Path.Combine(nets.Folder, "tmp")).FullName;

    string[] RunArgs(string mode, params string[] more) =>
        ["run", nets.Build("hang", "-DHANG", n => n with { DeployModes = ["VM", "SplitVM"] }), "--accel", "tcg", "--mode", mode,
         "--sandbox", Path.Combine(nets.Folder, "box"), .. more];

    /// <summary>The launcher's temp folder is this test's own, so anything it leaves there is visible.</summary>
    Dictionary<string, string?> Environment => new() { ["TMPDIR"] = temp };

    [Theory]
    [InlineData("VM")]
    [InlineData("SplitVM")]
    public void KillingTheLauncherOutrightStopsQemuAndLeavesNoFile(string mode)
    {
        var shmBefore = SharedMemoryEntries();
        using var launcher = LauncherProcess.Start(RunArgs(mode), environment: Environment);
        launcher.WaitForOutput("hi");
        launcher.Signal(SIGKILL);
        launcher.WaitForExit();
        QemuProcesses.AssertNoneLeft(nets.Folder);
        Assert.Empty(DiverFiles(temp));
        Assert.DoesNotContain(SharedMemoryEntries().Except(shmBefore), e => e.Contains($"diver-{launcher.Id}-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SIGKILL, "VM")]
    [InlineData(SIGKILL, "SplitVM")]
    [InlineData(SIGTERM, "VM")]
    [InlineData(SIGHUP, "VM")]
    public void KillingTheParentStopsTheRun(int signal, string mode)
    {
        using var parent = LauncherProcess.Start(RunArgs(mode, "--exit-with-parent"), environment: Environment, wrapper: LauncherProcess.UnderShell);
        parent.WaitForOutput("hi");
        parent.Signal(signal);
        parent.WaitForExit();
        // The launcher is the shell's child, not ours: it is gone when nothing mentions this test's folder.
        AssertNothingLeftMentioning(nets.Folder);
        Assert.Empty(DiverFiles(temp));
    }

    /// <summary>
    /// A parent killed in the launcher's first milliseconds has handed it to init before the launcher
    /// could look; build/soak.sh left a VM running that way. The parent names itself in
    /// DIVER_LAUNCHER_PARENT (dotnet run and the pipeline runner do): a launcher whose parent is
    /// someone else stops on its own. Pid 1 stands for the dead parent here, since the test process
    /// stays this launcher's real parent; the same launcher named with its real parent runs on.
    /// </summary>
    [Theory]
    [InlineData("VM")]
    [InlineData("SplitVM")]
    public void A_launcher_orphaned_before_it_looked_stops_on_its_own(string mode)
    {
        using var orphan = LauncherProcess.Start(RunArgs(mode, "--exit-with-parent"),
            environment: new Dictionary<string, string?>(Environment) { ["DIVER_LAUNCHER_PARENT"] = "1" });
        orphan.WaitForExit();
        QemuProcesses.AssertNoneLeft(nets.Folder);
        Assert.Empty(DiverFiles(temp));

        using var named = LauncherProcess.Start(RunArgs(mode, "--exit-with-parent"),
            environment: new Dictionary<string, string?>(Environment) { ["DIVER_LAUNCHER_PARENT"] = System.Environment.ProcessId.ToString() });
        named.WaitForOutput("hi");
    }

    /// <summary>Diver's own files; a framework-dependent launcher killed outright also leaves the .NET runtime's diagnostic pipes, which are not Diver's.</summary>
    static IEnumerable<string> DiverFiles(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Where(f => Path.GetFileName(f).StartsWith("diver", StringComparison.Ordinal));

    static IReadOnlyList<string> SharedMemoryEntries() =>
        Directory.Exists("/dev/shm") ? [.. Directory.EnumerateFileSystemEntries("/dev/shm")] : [];

    static void AssertNothingLeftMentioning(string marker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<int> left;
        while ((left = ProcessesMentioning(marker)).Count > 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        Assert.True(left.Count == 0, $"processes left running: {string.Join(", ", left)}");
    }

    static List<int> ProcessesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public void Dispose()
    {
        foreach (var pid in ProcessesMentioning(nets.Folder))
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        nets.Dispose();
    }
}
