namespace Diver.Cli.Tests.EndToEnd;

/// <summary>SplitVM runs end however they end with QEMU gone, the proxy stopped and the shared RAM file deleted.</summary>
public sealed class SplitVmCleanupTests : IDisposable
{
    const int SIGINT = 2;
    readonly TinyNets nets = new();

    string SplitNet(string name, string define) => nets.Build(name, define, n => n with { DeployModes = ["VM", "SplitVM"] });

    string[] RunArgs(string net, params string[] more) =>
        ["run", net, "--accel", "tcg", "--mode", "SplitVM", "--sandbox", Path.Combine(nets.Folder, "box"), .. more];

    [Fact]
    public void CtrlCStopsQemuAndRemovesTheSharedFile()
    {
        using var launcher = LauncherProcess.Start(RunArgs(SplitNet("hang", "-DHANG")), newSession: true);
        launcher.WaitForOutput("hi");
        launcher.SignalGroup(SIGINT);
        Assert.Equal(130, launcher.WaitForExit());
        AssertCleanedUp(launcher.Stderr);
    }

    [Fact]
    public void PanicStopsTheProxyAndRemovesTheSharedFile()
    {
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(SplitNet("panic", "-DPANIC")));
        Assert.NotEqual(0, exit);
        AssertCleanedUp(stderr);
    }

    [Fact]
    public void ProxyCpusThatLeaveNothingForTheGuestAreDiver3502()
    {
        var (exit, _, stderr) = LauncherProcess.Run(RunArgs(SplitNet("three", "-DEXIT_CODE=3"), "--proxy-cpus", "0-4095"));
        Assert.Equal(1, exit);
        Assert.Contains("error DIVER3502", stderr);
        QemuProcesses.AssertNoneLeft(nets.Folder);
    }

    [Fact]
    public void ASandboxThatIsAFileIsDiver3503()
    {
        var file = Path.Combine(nets.Folder, "not-a-folder");
        File.WriteAllText(file, "");
        var (exit, _, stderr) = LauncherProcess.Run(["run", SplitNet("three", "-DEXIT_CODE=3"), "--accel", "tcg", "--mode", "SplitVM", "--sandbox", file]);
        Assert.Equal(1, exit);
        Assert.Contains("error DIVER3503", stderr);
    }

    void AssertCleanedUp(string stderr)
    {
        QemuProcesses.AssertNoneLeft(nets.Folder);
        // Guest RAM is a memfd: it has no name to leave behind (OrphanTests kill the launcher outright).
        Assert.Contains("guest RAM shared through a memfd (no file in /dev/shm)", stderr);
    }

    public void Dispose() => nets.Dispose();
}
