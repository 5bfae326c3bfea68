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

    [Theory]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    [InlineData("locked/box", "cannot be created")]   // the parent is not writable
    [InlineData("locked", "is not writable")]         // the folder itself
    public void AnUnwritableSandboxIsRefusedInWordsBeforeQemuStarts(string sandbox, string why)
    {
        // As root every folder is writable; nobody sees what an unprivileged user sees.
        var net = SplitNet("three", "-DEXIT_CODE=3");
        var locked = Directory.CreateDirectory(Path.Combine(nets.Folder, "locked")).FullName;
        File.SetUnixFileMode(nets.Folder, (UnixFileMode)0b111_101_101);   // 0755: nobody may read the net
        File.SetUnixFileMode(locked, (UnixFileMode)0b101_101_101);        // 0555: nobody may write here
        using var launcher = LauncherProcess.Start(["run", net, "--accel", "tcg", "--mode", "SplitVM", "--sandbox", Path.Combine(nets.Folder, sandbox)],
            environment: new Dictionary<string, string?> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" }, wrapper: LauncherProcess.AsNobody);
        Assert.Equal(1, launcher.WaitForExit());
        Assert.Contains("error DIVER3503", launcher.Stderr);
        Assert.Contains($"{why}", launcher.Stderr);
        Assert.Contains("Permission denied", launcher.Stderr);
        Assert.DoesNotContain("IODenied", launcher.Stderr);   // no raw resource key (UnauthorizedAccess_IODenied_Path)
        Assert.DoesNotContain("hi", launcher.Stdout);
    }

    void AssertCleanedUp(string stderr)
    {
        QemuProcesses.AssertNoneLeft(nets.Folder);
        // Guest RAM is a memfd: it has no name to leave behind (OrphanTests kill the launcher outright).
        Assert.Contains("guest RAM shared through a memfd (no file in /dev/shm)", stderr);
    }

    public void Dispose() => nets.Dispose();
}
