using Diver.Cli.Run;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

/// <summary>The launcher's debugging and firmware-boot decisions, without QEMU.</summary>
public class DebugLaunchTests
{
    static readonly NetDescription Net = LaunchPlanTests.Net;

    static LaunchPlan Plan(RunOptions options, string? iso = null, int? gdbPort = null) =>
        LaunchPlan.Create(options with { NetPath = "hello.net.json" }, Net, "/nets/hello.elf",
            () => KvmAvailability.NoDevice, "/usr/bin/qemu-system-x86_64", "/tmp/console.log", bootIso: iso, gdbPort: gdbPort);

    static string After(IReadOnlyList<string> args, string option) => args[args.ToList().IndexOf(option) + 1];

    [Fact]
    public void WaitingForTheDebuggerStartsHaltedWithTheStubAndPrintsTheGdbCommand()
    {
        var plan = Plan(new RunOptions { WaitForDebugger = true }, gdbPort: 4321);
        var args = plan.Command.ToArguments();
        Assert.Equal("tcp:127.0.0.1:4321", After(args, "-gdb"));
        Assert.Contains("-S", args);
        Assert.Contains("waiting for gdb on 127.0.0.1:4321", plan.DebuggerHint);
        Assert.Contains("gdb /nets/hello.elf -ex 'target remote 127.0.0.1:4321' -ex 'hbreak main' -ex continue", plan.DebuggerHint);
    }

    [Fact]
    public void AGdbPortAloneOpensTheStubWithoutHalting()
    {
        var args = Plan(new RunOptions { GdbPort = 4321 }, gdbPort: 4321).Command.ToArguments();
        Assert.Contains("-gdb", args);
        Assert.DoesNotContain("-S", args);
    }

    [Fact]
    public void NoDebuggerMeansNoStub()
    {
        var plan = Plan(new RunOptions());
        Assert.DoesNotContain("-gdb", plan.Command.ToArguments());
        Assert.Null(plan.DebuggerHint);
    }

    [Fact]
    public void ThePcMachineBootsTheIsoThroughFirmware()
    {
        var plan = Plan(new RunOptions { Machine = Machines.Pc }, iso: "/nets/hello.iso");
        var args = plan.Command.ToArguments();
        Assert.Equal("pc", After(args, "-M"));
        Assert.Equal("/nets/hello.iso", After(args, "-cdrom"));
        Assert.DoesNotContain("-kernel", args);
        Assert.DoesNotContain("-append", args);
        Assert.Contains("on QEMU pc from its ISO", plan.Banner);
    }

    [Fact]
    public void GuestArgumentsCannotReachAFirmwareBoot()
    {
        var e = Assert.Throws<DiverException>(() => Plan(new RunOptions { Machine = Machines.Pc, GuestArguments = ["x"] }, iso: "/nets/hello.iso"));
        Assert.Equal(ErrorCodes.GuestArgumentsNeedKernelBoot, e.Code);
    }

    [Fact]
    public void UnknownMachinesAndPortsAreRefused()
    {
        Assert.Equal(ErrorCodes.UnknownMachine, Assert.Throws<DiverException>(() => RunOptionsParser.Parse(["n.net.json", "--machine", "q35"])).Code);
        Assert.Equal(ErrorCodes.GdbPortUnavailable, Assert.Throws<DiverException>(() => RunOptionsParser.Parse(["n.net.json", "--gdb-port", "70000"])).Code);
        var options = RunOptionsParser.Parse(["n.net.json", "--machine", "PC", "--gdb-port", "1234", "--wait-for-debugger", "--inherit-verbosity"]);
        Assert.Equal(Machines.Pc, options.Machine);
        Assert.Equal(1234, options.GdbPort);
        Assert.True(options.WaitForDebugger);
        Assert.True(options.InheritVerbosity);
    }

    [Fact]
    public void AFreeGdbPortIsFoundWhenNoneIsGiven() =>
        Assert.InRange(GdbStub.Reserve(null), 1, 65535);

    [Theory]
    [InlineData(true, "run", "-v", "q")]
    [InlineData(true, "run", "-v:q")]
    [InlineData(true, "run", "--verbosity", "quiet")]
    [InlineData(true, "run", "--verbosity=Quiet")]
    [InlineData(true, "run", "-verbosity:quiet")]
    [InlineData(false, "run")]
    [InlineData(false, "run", "-v", "m")]
    [InlineData(false, "run", "--", "-v", "q")]
    public void DotnetRunQuietnessIsReadFromItsCommandLine(bool quiet, params string[] dotnetArgs) =>
        Assert.Equal(quiet, ParentVerbosity.IsQuiet(["dotnet", .. dotnetArgs]));
}
