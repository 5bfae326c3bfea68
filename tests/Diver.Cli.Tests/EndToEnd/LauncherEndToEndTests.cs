using System.Diagnostics;

namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// The real launcher against real QEMU (TCG, so no /dev/kvm is needed) with tiny assembled nets.
/// No timing is asserted; every wait is generous, because CI may be a slow two-core machine.
/// </summary>
public sealed class LauncherEndToEndTests : IDisposable
{
    const int SIGHUP = 1, SIGINT = 2, SIGTERM = 15;

    readonly TinyNets nets = new();

    static string[] RunArgs(string net, params string[] more) => ["run", net, "--accel", "tcg", .. more];

    [Fact]
    public void ReturnsTheAppsExitCodeAndPassesArgv()
    {
        var net = nets.Build("three", "-DEXIT_CODE=3");
        var (exit, stdout, stderr) = LauncherProcess.Run(RunArgs(net, "--", "x", "y z"));
        Assert.Equal(3, exit);
        Assert.Contains("hi", stdout);
        Assert.Contains("three x \"y z\"", stdout);   // argv[0] is the net's name, quoting survives
        Assert.Contains("diver: booting three (tiny default) in VM mode on QEMU microvm, TCG, 1 vCPU, 64 MiB", stderr);
    }

    [Fact]
    public void AppReturningZeroIsSuccessNotAQemuFailure()
    {
        // The app's 0 is written as 1 (QEMU status 3), so it can never look like QEMU's own error exit 1.
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(nets.Build("zero", "-DEXIT_CODE=0"), "--quiet"));
        Assert.Equal(0, exit);
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public void KernelPanicIsDiver3004()
    {
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(nets.Build("panic", "-DPANIC")));
        Assert.Equal(134, exit);
        Assert.Contains("error DIVER3004: The guest kernel panicked", stderr);
    }

    [Fact]
    public void TripleFaultIsDiver3007()
    {
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(nets.Build("reset", "-DRESET")));
        Assert.Equal(135, exit);
        Assert.Contains("error DIVER3007", stderr);
    }

    [Fact]
    public void QemuRejectingTheNetIsDiver3008()
    {
        var net = nets.Build("badmachine", "-DEXIT_CODE=0", n => n with { Machine = n.Machine with { QemuMachine = "no-such-machine" } });
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(net));
        Assert.Equal(125, exit);
        Assert.Contains("error DIVER3008", stderr);
    }

    [Fact]
    public void MemoryBelowTheKernelsMinimumIsRefusedBeforeQemuStarts()
    {
        var net = nets.Build("small", "-DEXIT_CODE=0", n => n with { Machine = n.Machine with { MinMemory = "16M" } });
        var (exit, stdout, stderr) = LauncherProcess.Run(RunArgs(net, "--memory", "4M"));
        Assert.Equal(1, exit);
        Assert.Contains("error DIVER3013", stderr);
        Assert.DoesNotContain("hi", stdout);   // the guest never ran
    }

    [Fact]
    public void TimeoutStopsQemuWithDiver3005()
    {
        var (exit, stdout, stderr) = LauncherProcess.Run(RunArgs(nets.Build("hang", "-DHANG"), "--timeout", "1.5"));
        Assert.Equal(124, exit);
        Assert.Contains("hi", stdout);
        Assert.Contains("error DIVER3005: The net did not exit within 1.5 s and was stopped.", stderr);
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Theory]
    [InlineData(SIGINT)]
    [InlineData(SIGTERM)]
    [InlineData(SIGHUP)]
    public void SignalToTheLauncherStopsQemu(int signal)
    {
        using var launcher = LauncherProcess.Start(RunArgs(nets.Build("hang", "-DHANG")));
        launcher.WaitForOutput("hi");
        Assert.NotEmpty(QemuProcesses.WithArgumentContaining(nets.Folder));
        launcher.Signal(signal);
        Assert.Equal(130, launcher.WaitForExit());
        Assert.Contains("error DIVER3006: Interrupted; the net was stopped.", launcher.Stderr);
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Fact]
    public void CtrlCToTheProcessGroupStopsQemu()
    {
        // A terminal's Ctrl-C signals QEMU and the launcher together; whichever handles it first, the run ends as interrupted.
        using var launcher = LauncherProcess.Start(RunArgs(nets.Build("hang", "-DHANG")), newSession: true);
        launcher.WaitForOutput("hi");
        launcher.SignalGroup(SIGINT);
        Assert.Equal(130, launcher.WaitForExit());
        Assert.Contains("error DIVER3006", launcher.Stderr);
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Fact]
    public void MissingQemuIsDiver3002()
    {
        var net = nets.Build("three", "-DEXIT_CODE=3");
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(net, "--qemu", "/nonexistent/qemu-system-x86_64"));
        Assert.Equal(1, exit);
        Assert.Contains("error DIVER3002: QEMU was not found", stderr);

        using var viaEnvironment = LauncherProcess.Start(RunArgs(net), environment: new Dictionary<string, string?> { ["DIVER_QEMU"] = "/nonexistent/qemu" });
        Assert.Equal(1, viaEnvironment.WaitForExit());
        Assert.Contains("error DIVER3002", viaEnvironment.Stderr);
        Assert.Contains("DIVER_QEMU", viaEnvironment.Stderr);
    }

    [Fact]
    public void UnknownModeIsDiver3001()
    {
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(nets.Build("three", "-DEXIT_CODE=3"), "--mode", "Cloud"));
        Assert.Equal(1, exit);
        Assert.Contains("error DIVER3001: Unknown deploy mode 'Cloud'. Valid modes: VM, SplitVM.", stderr);
    }

    [Fact]
    public void MissingNetIsDiver3003WithoutAStackTrace()
    {
        var (exit, _, stderr) = LauncherProcess.Run("run", Path.Combine(nets.Folder, "nothing.net.json"));
        Assert.Equal(1, exit);
        Assert.StartsWith("error DIVER3003:", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void UnknownCommandPrintsUsageAndDiver3010()
    {
        var (exit, _, stderr) = LauncherProcess.Run("frobnicate");
        Assert.Equal(1, exit);
        Assert.Contains("Usage: dotnet diver", stderr);
        Assert.Contains("error DIVER3010", stderr);
    }

    [Fact]
    public void VersionAndHelpSucceed()
    {
        Assert.Equal(0, LauncherProcess.Run("--version").ExitCode);
        var (exit, stdout, _) = LauncherProcess.Run("run", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--timeout", stdout);
    }

    public void Dispose()
    {
        // Never leave a QEMU behind, even when an assertion failed half-way.
        foreach (var pid in QemuProcesses.WithArgumentContaining(nets.Folder))
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        nets.Dispose();
    }
}
