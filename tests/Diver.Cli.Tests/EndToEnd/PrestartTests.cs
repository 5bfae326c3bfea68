namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// diver-prestart (Diver.Cli/Native/prestart.c, Run/Prestart.cs), what `dotnet run` starts for an
/// app: it starts QEMU paused from the command the last run with the same arguments planned, and
/// the launcher resumes it only when its own plan is that command. These pin that the head start
/// happens, that a cached command is never run unchecked, and that a QEMU started ahead never
/// outlives the run, whatever ends it.
/// </summary>
public sealed class PrestartTests : IDisposable
{
    const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15;
    readonly TinyNets nets = new();

    public void Dispose()
    {
        QemuProcesses.AssertNoneLeft(nets.Folder);
        nets.Dispose();
    }

    string Cache => Path.Combine(nets.Folder, "obj", "diver.prestart");

    /// <summary>diver-prestart shipped beside the NativeAOT launcher, as the SDK's run target finds it.</summary>
    static string[] FrontEnd(string cache)
    {
        var launcher = Environment.GetEnvironmentVariable(LauncherProcess.LauncherVariable);
        Assert.False(string.IsNullOrEmpty(launcher),
            "these tests run the NativeAOT launcher's front end: set DIVER_LAUNCHER to the published launcher (build/test.sh does)");
        var frontEnd = Path.Combine(Path.GetDirectoryName(launcher)!, "diver-prestart");
        Assert.True(File.Exists(frontEnd), "the NativeAOT launcher ships without diver-prestart beside it: " + frontEnd);
        return [frontEnd, cache];
    }

    static (int ExitCode, string Stdout, string Stderr) Run(string[] frontEnd, params string[] args)
    {
        using var launcher = LauncherProcess.Start(args, wrapper: frontEnd);
        var exitCode = launcher.WaitForExit();
        return (exitCode, launcher.Stdout, launcher.Stderr);
    }

    [Fact]
    public void A_second_run_with_the_same_arguments_resumes_the_QEMU_started_ahead()
    {
        var frontEnd = FrontEnd(Cache);
        string[] args = ["run", nets.Build("hang", "-DHANG"), "--accel", "tcg", "--timeout", "60"];

        RecordWithAFirstRun(frontEnd, args);

        using var second = LauncherProcess.Start(args, wrapper: frontEnd);
        // The guest printed: the paused QEMU was resumed, and it is the one diver-prestart started (its monitor).
        second.WaitForOutput("hi");
        var running = QemuProcesses.WithArgumentContaining(nets.Folder);
        Assert.True(running.Count == 1 && IsPrestarted(running[0]), $"expected one QEMU started ahead, found: {string.Join(", ", running.Select(CommandLine))}");
        // And it dies with its launcher, which never started it through Process.
        second.Signal(SIGKILL);
        second.WaitForExit();
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Theory]
    [InlineData(SIGINT)]
    [InlineData(SIGTERM)]
    public void A_QEMU_started_ahead_is_stopped_and_reaped_on_a_signal_like_any_other(int signal)
    {
        var frontEnd = FrontEnd(Cache);
        string[] args = ["run", nets.Build("hang", "-DHANG"), "--accel", "tcg", "--timeout", "60"];
        RecordWithAFirstRun(frontEnd, args);

        using var second = LauncherProcess.Start(args, wrapper: frontEnd);
        second.WaitForOutput("hi");
        Assert.Contains(QemuProcesses.WithArgumentContaining(nets.Folder), IsPrestarted);
        second.Signal(signal);

        // The interrupt handler stops QEMU while the supervisor waits on it: one of them reaps it, and the run says why it ended.
        Assert.Equal(130, second.WaitForExit());
        Assert.Contains("error DIVER3006: Interrupted; the net was stopped.", second.Stderr);
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Fact]
    public void A_cached_command_that_differs_from_the_plan_is_never_run()
    {
        var frontEnd = FrontEnd(Cache);
        string[] args = ["run", nets.Build("echo", ""), "--accel", "tcg"];
        var first = Run(frontEnd, args);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("echo", first.Stdout);

        // Same arguments, another command: the guest's command line (which the net echoes) says which QEMU ran.
        var cached = File.ReadAllText(Cache);
        Assert.Contains("\0-append\0echo\0", cached);
        File.WriteAllText(Cache, cached.Replace("\0-append\0echo\0", "\0-append\0tampered\0", StringComparison.Ordinal));

        var second = Run(frontEnd, args);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.DoesNotContain("tampered", second.Stdout + second.Stderr);
        Assert.Contains("echo", second.Stdout);
        // The paused QEMU was killed without a word, and the cache holds the plan again.
        Assert.DoesNotContain("terminating on signal", second.Stderr);
        Assert.Contains("\0-append\0echo\0", File.ReadAllText(Cache));
    }

    [Fact]
    public void A_run_that_fails_before_QEMU_would_start_stops_the_one_started_ahead_silently()
    {
        var frontEnd = FrontEnd(Cache);
        var net = nets.Build("echo", "");
        string[] args = ["run", net, "--accel", "tcg"];
        Assert.Equal(0, Run(frontEnd, args).ExitCode);

        // The next run's arguments are the same, so QEMU starts ahead; then the launcher finds the net gone.
        File.Delete(net);
        var failed = Run(frontEnd, args);
        Assert.Equal(1, failed.ExitCode);
        Assert.Matches(@"error DIVER\d{4}", failed.Stderr);
        Assert.DoesNotContain("terminating on signal", failed.Stderr);
        Assert.DoesNotContain("hi", failed.Stdout);
    }

    [Fact]
    public void Runs_that_set_up_more_than_a_command_are_not_recorded()
    {
        var frontEnd = FrontEnd(Cache);
        // SplitVM shares guest RAM through a file made per run and starts its proxy first: such a command cannot be started ahead.
        var net = nets.Build("echo", "", n => n with { DeployModes = ["VM", "SplitVM"] });
        var run = Run(frontEnd, "run", net, "--accel", "tcg", "--mode", "SplitVM", "--sandbox", Path.Combine(nets.Folder, "box"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(Cache), "a SplitVM run recorded its command");
    }

    /// <summary>A first run of a net that hangs, killed once it printed: it started its own QEMU and recorded the command.</summary>
    void RecordWithAFirstRun(string[] frontEnd, string[] args)
    {
        using (var first = LauncherProcess.Start(args, wrapper: frontEnd))
        {
            first.WaitForOutput("hi");
            Assert.DoesNotContain(QemuProcesses.WithArgumentContaining(nets.Folder), IsPrestarted);
            first.Signal(SIGKILL);
            first.WaitForExit();
        }
        Assert.True(File.Exists(Cache), "the first run did not record its command for the next");
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    static bool IsPrestarted(int pid) => CommandLine(pid).Contains("\0-S\0", StringComparison.Ordinal) &&
                                         CommandLine(pid).Contains("id=diverctl", StringComparison.Ordinal);

    static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return ""; }
    }
}
