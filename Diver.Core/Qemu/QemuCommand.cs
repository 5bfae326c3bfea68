using System.Collections.Immutable;
using System.Globalization;

namespace Diver.Qemu;

/// <summary>
/// An immutable description of one QEMU invocation for a net, in the CliWrap style: each
/// <c>With*</c> returns a new command. <see cref="ToArguments"/> is the single place where
/// Diver's QEMU command line is spelled out, used by the launcher, the benchmark and the tests.
/// </summary>
public sealed record QemuCommand
{
    public string Executable { get; init; } = "qemu-system-x86_64";
    public string Machine { get; init; } = "microvm";
    public Accelerator Accelerator { get; init; } = Accelerator.Tcg;
    public int Cpus { get; init; } = 1;
    public MemorySize Memory { get; init; } = MemorySize.Parse("128M");
    public string KernelImage { get; init; } = "";
    public ImmutableArray<string> GuestArguments { get; init; } = [];
    public string ExitIoBase { get; init; } = "0xf4";
    public int ExitIoSize { get; init; } = 4;
    /// <summary>When set, QEMU copies everything the guest prints on the console into this file.</summary>
    public string? ConsoleLogFile { get; init; }
    /// <summary>When set, guest RAM lives in this file, shared with the host (SplitVM).</summary>
    public string? SharedMemoryFile { get; init; }
    public ImmutableArray<string> ExtraArguments { get; init; } = [];
    /// <summary>When set, the guest boots from this ISO through the machine's firmware instead of -kernel.</summary>
    public string? BootIso { get; init; }
    /// <summary>When set, QEMU's gdb stub listens on this loopback port.</summary>
    public int? GdbPort { get; init; }
    /// <summary>With <see cref="GdbPort"/>: the vCPUs start halted until gdb continues them.</summary>
    public bool StartHalted { get; init; }

    public QemuCommand WithAccelerator(Accelerator accelerator) => this with { Accelerator = accelerator };
    public QemuCommand WithCpus(int cpus) => this with { Cpus = cpus };
    public QemuCommand WithMemory(MemorySize memory) => this with { Memory = memory };
    public QemuCommand WithGuestArguments(IEnumerable<string> argv) => this with { GuestArguments = [.. argv] };
    public QemuCommand WithConsoleLog(string? path) => this with { ConsoleLogFile = path };
    public QemuCommand WithExecutable(string path) => this with { Executable = path };
    public QemuCommand WithSharedMemory(string? path) => this with { SharedMemoryFile = path };
    public QemuCommand WithBootIso(string? path) => this with { BootIso = path };
    public QemuCommand WithGdbStub(int? port, bool halted) => this with { GdbPort = port, StartHalted = port is not null && halted };

    /// <summary>microvm has no firmware ROMs or RTC worth having; firmware machines (pc) need theirs to boot an ISO.</summary>
    string MachineOption()
    {
        var options = Machine == "microvm" ? ",x-option-roms=off,rtc=off" : "";
        return SharedMemoryFile is null ? Machine + options : $"{Machine}{options},memory-backend=ram0";
    }

    public IReadOnlyList<string> ToArguments()
    {
        var memory = Memory.ToQemuArgument();
        var args = new List<string>
        {
            // No firmware option ROMs, no RTC: the kernel does not use them and they cost boot time.
            "-M", MachineOption(),
            "-accel", Accelerator == Accelerator.Kvm ? "kvm" : "tcg",
            // arch-capabilities off: QEMU 7.2 aborts under nested KVM (AMD hosts) when it cannot set
            // MSR 0x10a; Diver kernels never read it.
            "-cpu", Accelerator == Accelerator.Kvm ? "host,-arch-capabilities" : "max",
            "-m", memory,
            "-smp", Cpus.ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-nographic",
            // A guest that resets (triple fault) stops QEMU instead of rebooting forever.
            "-no-reboot",
        };
        if (SharedMemoryFile is not null)
            args.AddRange(["-object", $"memory-backend-file,id=ram0,size={memory},mem-path={EscapeOption(SharedMemoryFile)},share=on"]);
        // signal=on keeps Ctrl-C working in a terminal: it reaches QEMU (and the launcher) as SIGINT.
        var chardev = "stdio,id=console,signal=on";
        if (ConsoleLogFile is not null)
            chardev += $",logfile={EscapeOption(ConsoleLogFile)}";
        args.AddRange(["-chardev", chardev, "-serial", "chardev:console"]);
        args.AddRange(["-device", $"isa-debug-exit,iobase={ExitIoBase},iosize=0x{ExitIoSize:x2}"]);
        if (BootIso is not null)
            // GRUB's menu on the ISO carries the command line; -append needs -kernel.
            args.AddRange(["-cdrom", BootIso, "-boot", "d"]);
        else
        {
            args.AddRange(["-kernel", KernelImage]);
            if (GuestArguments.Length > 0)
                args.AddRange(["-append", KernelCommandLine.Format(GuestArguments)]);
        }
        if (GdbPort is { } port)
        {
            args.AddRange(["-gdb", $"tcp:127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"]);
            if (StartHalted)
                args.Add("-S");
        }
        args.AddRange(ExtraArguments);
        return args;
    }

    /// <summary>QEMU's option syntax separates fields with commas; a literal comma is doubled.</summary>
    static string EscapeOption(string value) => value.Replace(",", ",,");
}
