using Diver.Cli.Run;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class RunOptionsParserTests
{
    static RunOptions Parse(params string[] args) => RunOptionsParser.Parse(args);

    static string FailureCode(params string[] args) => Assert.Throws<DiverException>(() => Parse(args)).Code;

    [Fact]
    public void DefaultsLeaveResourcesToTheNet()
    {
        var o = Parse("bin/Debug/hello.net.json");
        Assert.Equal("bin/Debug/hello.net.json", o.NetPath);
        Assert.Equal("VM", o.Mode.Name);
        Assert.Null(o.Cpus);
        Assert.Null(o.Memory);
        Assert.Null(o.Timeout);
        Assert.Null(o.QemuPath);
        Assert.Equal(AcceleratorChoice.Auto, o.Accelerator);
        Assert.False(o.Quiet);
        Assert.Empty(o.GuestArguments);
    }

    [Fact]
    public void PrintCommandAsksForTheQemuLineInsteadOfABoot()
    {
        Assert.True(Parse("n.net.json", "--print-command").PrintCommand);
        Assert.False(Parse("n.net.json").PrintCommand);
    }

    [Fact]
    public void ReadsEveryOption()
    {
        var o = Parse("n.net.json", "--mode", "vm", "--cpus", "4", "--memory", "1G", "--timeout", "2.5",
            "--qemu", "/opt/qemu", "--accel", "TCG", "--quiet");
        Assert.Equal("VM", o.Mode.Name);
        Assert.Equal(4, o.Cpus);
        Assert.Equal(1L << 30, o.Memory!.Value.Bytes);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.Timeout);
        Assert.Equal("/opt/qemu", o.QemuPath);
        Assert.Equal(AcceleratorChoice.Tcg, o.Accelerator);
        Assert.True(o.Quiet);
    }

    [Fact]
    public void AcceptsEqualsFormAndOptionsBeforeTheNet()
    {
        var o = Parse("--cpus=2", "--mode=SPLITVM", "n.net.json");
        Assert.Equal(2, o.Cpus);
        Assert.Equal("SplitVM", o.Mode.Name);
        Assert.Equal("n.net.json", o.NetPath);
    }

    [Fact]
    public void EverythingAfterDoubleDashGoesToTheGuest()
    {
        var o = Parse("n.net.json", "-q", "--", "--cpus", "x y", "--");
        Assert.Equal(["--cpus", "x y", "--"], o.GuestArguments.ToArray());
        Assert.Null(o.Cpus);
    }

    [Fact]
    public void EmptyValuesMeanTheDefault()
    {
        // MSBuild passes unset properties as empty strings.
        var o = Parse("n.net.json", "--cpus", "", "--memory=", "--timeout", " ", "--mode", "");
        Assert.Null(o.Cpus);
        Assert.Null(o.Memory);
        Assert.Null(o.Timeout);
        Assert.Equal("VM", o.Mode.Name);
    }

    [Fact]
    public void TimeoutZeroMeansNone() => Assert.Null(Parse("n.net.json", "--timeout", "0").Timeout);

    [Fact]
    public void HelpWins() => Assert.True(Parse("--help").ShowHelp);

    [Theory]
    [InlineData("n.net.json", "--mode", "Container")]
    public void UnknownModeIsDiver3001(params string[] args) => Assert.Equal(ErrorCodes.UnknownDeployMode, FailureCode(args));

    [Fact]
    public void UnknownModeMessageListsTheValidModes() =>
        Assert.Equal("Unknown deploy mode 'X'. Valid modes: VM, SplitVM.",
            Assert.Throws<DiverException>(() => Parse("n.net.json", "--mode", "X")).Message);

    [Theory]
    [InlineData("--cpus", "0")]
    [InlineData("--cpus", "65")]
    [InlineData("--cpus", "two")]
    [InlineData("--cpus", "-1")]
    [InlineData("--memory", "12X")]
    [InlineData("--timeout", "-1")]
    [InlineData("--timeout", "soon")]
    [InlineData("--timeout", "NaN")]
    public void BadResourcesAreDiver3009(string option, string value) =>
        Assert.Equal(ErrorCodes.BadResource, FailureCode("n.net.json", option, value));

    [Theory]
    [InlineData]
    [InlineData("--cpus", "2")]
    [InlineData("a.net.json", "b.net.json")]
    [InlineData("n.net.json", "--frobnicate")]
    [InlineData("n.net.json", "--cpus")]
    [InlineData("n.net.json", "--accel", "hvf")]
    public void BadCommandLinesAreDiver3010(params string[] args) =>
        Assert.Equal(ErrorCodes.BadCommandLine, FailureCode(args));
}
