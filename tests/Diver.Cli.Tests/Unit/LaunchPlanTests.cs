using Diver.Cli.Run;
using Diver.Cli.SplitVm;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class LaunchPlanTests
{
    internal static readonly NetDescription Net = new()
    {
        Name = "hello",
        Image = "hello.elf",
        Kernel = new NetKernel { Id = "nautilus", Version = "1.0.0", Config = "default" },
        DeployModes = ["VM"],
        Machine = new NetMachine { QemuMachine = "microvm", Cpus = 1, Memory = "128M" },
    };

    static LaunchPlan Plan(RunOptions options, NetDescription? net = null, Accelerator probed = Accelerator.Kvm) =>
        LaunchPlan.Create(options with { NetPath = "hello.net.json" }, net ?? Net, "/nets/hello.elf",
            () => probed == Accelerator.Kvm ? KvmAvailability.Yes : KvmAvailability.NoDevice, "/usr/bin/qemu-system-x86_64", "/tmp/console.log");

    [Fact]
    public void DefaultsComeFromTheNet()
    {
        var plan = Plan(new RunOptions());
        Assert.Equal(1, plan.Command.Cpus);
        Assert.Equal(128L << 20, plan.Command.Memory.Bytes);
        Assert.Equal(Accelerator.Kvm, plan.Command.Accelerator);
        Assert.Equal("/nets/hello.elf", plan.Command.KernelImage);
        Assert.Equal("/tmp/console.log", plan.Command.ConsoleLogFile);
        Assert.Equal("/usr/bin/qemu-system-x86_64", plan.Command.Executable);
        Assert.Null(plan.Timeout);
        Assert.Equal("diver: booting hello (nautilus default) in VM mode on QEMU microvm, KVM, 1 vCPU, 128 MiB", plan.Banner);
    }

    [Fact]
    public void OptionsOverrideTheNet()
    {
        var plan = Plan(new RunOptions { Cpus = 4, Memory = MemorySize.Parse("1G"), Timeout = TimeSpan.FromSeconds(3) });
        Assert.Equal(4, plan.Command.Cpus);
        Assert.Equal(1L << 30, plan.Command.Memory.Bytes);
        Assert.Equal(TimeSpan.FromSeconds(3), plan.Timeout);
        Assert.EndsWith("4 vCPUs, 1 GiB", plan.Banner);
    }

    [Fact]
    public void GuestArgvStartsWithTheNetsName() =>
        Assert.Equal(["hello", "a b"], Plan(new RunOptions { GuestArguments = ["a b"] }).Command.GuestArguments.ToArray());

    [Fact]
    public void AutoFallsBackToTcgAndSaysWhy()
    {
        var plan = Plan(new RunOptions(), probed: Accelerator.Tcg);
        Assert.Equal(Accelerator.Tcg, plan.Command.Accelerator);
        Assert.Contains("TCG (no usable /dev/kvm)", plan.Banner);
    }

    [Fact]
    public void ExplicitTcgNeverProbes()
    {
        var plan = LaunchPlan.Create(new RunOptions { Accelerator = AcceleratorChoice.Tcg }, Net, "/i", () => throw new InvalidOperationException("probed"), "q", "l");
        Assert.Equal(Accelerator.Tcg, plan.Command.Accelerator);
        Assert.Contains(", TCG, ", plan.Banner);
    }

    [Fact]
    public void ExplicitKvmWithoutKvmIsAnError() =>
        Assert.Equal(ErrorCodes.BadResource,
            Assert.Throws<DiverException>(() => Plan(new RunOptions { Accelerator = AcceleratorChoice.Kvm }, probed: Accelerator.Tcg)).Code);

    [Fact]
    public void ModeTheKernelLacksNamesTheModesItHas()
    {
        var e = Assert.Throws<DiverException>(() => Plan(new RunOptions { Mode = new Modes.SplitVmMode() }));
        Assert.Equal(ErrorCodes.DeployModeNotInKernel, e.Code);
        Assert.Contains("supports VM", e.Message);
    }

    [Fact]
    public void SplitVmSharesGuestRamAndPutsTheKernelOptionBeforeArgv()
    {
        var split = SplitVmPlan.Create("/tmp/box", null, false, "/nets/hello.net.json", "hello", [0, 1], 0xabc0);
        var plan = LaunchPlan.Create(new RunOptions { Mode = new Modes.SplitVmMode(), NetPath = "/nets/hello.net.json", GuestArguments = ["a b"] },
            Net with { DeployModes = ["vm", "splitvm"] }, "/nets/hello.elf", () => KvmAvailability.NoDevice, "qemu", "/tmp/c.log", () => split);
        Assert.Equal(split.SharedFile, plan.Command.SharedMemoryFile);
        Assert.Equal<string>(["diver.fwd=abc1", "--", "hello", "a b"], plan.Command.GuestArguments);
        Assert.Contains("share=on", string.Join(" ", plan.Command.ToArguments()));
        Assert.StartsWith("diver: SplitVM: guest vCPUs on host core 0, proxy on host core 1; files forwarded to /tmp/box; guest RAM shared through a memfd (no file in /dev/shm)", split.Summary);
    }

    [Fact]
    public void BadDefaultsInTheNetAreBadResources()
    {
        Assert.Equal(ErrorCodes.BadResource, Assert.Throws<DiverException>(() => Plan(new RunOptions(), Net with { Machine = Net.Machine with { Cpus = 0 } })).Code);
        Assert.Equal(ErrorCodes.BadResource, Assert.Throws<DiverException>(() => Plan(new RunOptions(), Net with { Machine = Net.Machine with { Memory = "big" } })).Code);
    }

    [Fact]
    public void ExitPortComesFromTheNet()
    {
        var plan = Plan(new RunOptions(), Net with { Exit = new Manifest.ExitSpec { IoBase = "0x501", IoSize = 2, PanicCode = 99 } });
        Assert.Equal("0x501", plan.Command.ExitIoBase);
        Assert.Equal(2, plan.Command.ExitIoSize);
        Assert.Equal(99, plan.PanicCode);
    }
}
