using Diver.Cli.Run;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

/// <summary>-p:TimeSlice and -p:IdlePolicy: parsed by the launcher, handed to the kernel as diver.* options.</summary>
public class SchedulerOptionsTests
{
    static RunOptions Parse(params string[] args) => RunOptionsParser.Parse(["n.net.json", .. args]);

    static LaunchPlan Plan(RunOptions options, string? machine = null) =>
        LaunchPlan.Create(options with { NetPath = "hello.net.json", Machine = machine }, LaunchPlanTests.Net, "/nets/hello.elf",
            () => KvmAvailability.NoDevice, "qemu", "/tmp/c.log", bootIso: "/nets/hello.iso");

    [Theory]
    [InlineData("10ms", 10000)]
    [InlineData("500us", 500)]
    [InlineData("2", 2000)]
    [InlineData(" 100US ", 100)]
    [InlineData("1000ms", 1000000)]
    public void TimeSliceTakesMillisecondsOrMicroseconds(string value, int microseconds) =>
        Assert.Equal(microseconds, Parse("--timeslice", value).TimeSliceMicroseconds);

    [Theory]
    [InlineData("99us")]
    [InlineData("1001ms")]
    [InlineData("0")]
    [InlineData("fast")]
    [InlineData("10s")]
    [InlineData("-5ms")]
    public void TimeSliceOutsideWhatTheSchedulerTakesIsDiver3701(string value)
    {
        var e = Assert.Throws<DiverException>(() => Parse("--timeslice", value));
        Assert.Equal(ErrorCodes.BadTimeSlice, e.Code);
        Assert.Contains("-p:TimeSlice=10ms", e.Message);
    }

    [Fact]
    public void UnknownIdlePolicyIsDiver3702()
    {
        var e = Assert.Throws<DiverException>(() => Parse("--idle", "spin"));
        Assert.Equal(ErrorCodes.BadIdlePolicy, e.Code);
        Assert.Contains("poll", e.Message);
        Assert.Contains("halt", e.Message);
    }

    [Fact]
    public void SetOptionsBecomeKernelOptionsBeforeTheAppsArgv() =>
        Assert.Equal<string>(["diver.timeslice_us=2000", "diver.idle=halt", "--", "hello", "x"],
            Plan(Parse("--timeslice", "2ms", "--idle", "HALT", "--", "x")).Command.GuestArguments);

    [Fact]
    public void UnsetOptionsLeaveTheCommandLineAsItWas()
    {
        Assert.Equal<string>(["hello"], Plan(Parse("--timeslice", "", "--idle", "")).Command.GuestArguments);
    }

    [Fact]
    public void FirmwareBootCannotCarryThemAndSaysSo()
    {
        var e = Assert.Throws<DiverException>(() => Plan(Parse("--idle", "poll"), machine: "pc"));
        Assert.Equal(ErrorCodes.SchedulerOptionsNeedKernelBoot, e.Code);
        Assert.Contains("microvm", e.Message);
    }
}
