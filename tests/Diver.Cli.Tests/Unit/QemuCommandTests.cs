using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class QemuCommandTests
{
    static readonly QemuCommand Base = new() { KernelImage = "/nets/hello.elf" };

    static string After(IReadOnlyList<string> args, string option) => args[IndexOf(args, option) + 1];

    static int IndexOf(IReadOnlyList<string> args, string option)
    {
        for (var i = 0; i < args.Count; i++)
            if (args[i] == option) return i;
        return -1;
    }

    [Fact]
    public void SpellsOutTheMicrovmCommand()
    {
        var args = Base.WithAccelerator(Accelerator.Tcg).WithCpus(2).WithMemory(MemorySize.Parse("256M")).ToArguments();
        Assert.StartsWith("microvm,", After(args, "-M"));
        Assert.Equal("tcg", After(args, "-accel"));
        Assert.Equal("max", After(args, "-cpu"));
        Assert.Equal("2", After(args, "-smp"));
        Assert.Equal("256M", After(args, "-m"));
        Assert.Equal("/nets/hello.elf", After(args, "-kernel"));
        Assert.Equal("isa-debug-exit,iobase=0xf4,iosize=0x04", After(args, "-device"));
        Assert.Contains("-no-reboot", args);
        Assert.Contains("-nodefaults", args);
        Assert.Equal(-1, IndexOf(args, "-append"));
    }

    [Fact]
    public void KvmUsesTheHostCpu()
    {
        var args = Base.WithAccelerator(Accelerator.Kvm).ToArguments();
        Assert.Equal("kvm", After(args, "-accel"));
        Assert.StartsWith("host", After(args, "-cpu"));
    }

    [Fact]
    public void GuestArgumentsBecomeTheQuotedKernelCommandLine() =>
        Assert.Equal("hello \"a b\" c", After(Base.WithGuestArguments(["hello", "a b", "c"]).ToArguments(), "-append"));

    [Fact]
    public void ConsoleLogIsAChardevOptionWithCommasEscaped()
    {
        var chardev = After(Base.WithConsoleLog("/tmp/a,b.log").ToArguments(), "-chardev");
        Assert.StartsWith("stdio,", chardev);
        Assert.Contains("signal=on", chardev);
        Assert.EndsWith("logfile=/tmp/a,,b.log", chardev);
    }

    [Fact]
    public void WithMethodsLeaveTheOriginalUnchanged()
    {
        _ = Base.WithCpus(8).WithExecutable("/opt/qemu");
        Assert.Equal(1, Base.Cpus);
        Assert.Equal("qemu-system-x86_64", Base.Executable);
    }
}
