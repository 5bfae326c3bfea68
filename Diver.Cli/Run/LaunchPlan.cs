using System.Globalization;
using Diver.Cli.Modes;
using Diver.Cli.SplitVm;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Everything decided before QEMU starts: the command line, the boot line, how to read the exit.
/// Building it touches nothing but what it is given, so tests cover every decision without QEMU.
/// </summary>
internal sealed record LaunchPlan(QemuCommand Command, string Banner, TimeSpan? Timeout, int PanicCode, IModePlan? ModePlan = null)
{
    /// <summary>The app's stdin/stdout as pipeline channels, when the run asks for them.</summary>
    public Channels.ChannelPlan? Channels { get; init; }
    /// <summary>The net's ELF, whose symbols name the frames of a panic backtrace.</summary>
    public string ImagePath => Command.KernelImage;
    /// <summary>The line that tells how to attach gdb, when the stub listens.</summary>
    public string? DebuggerHint { get; init; }

    /// <param name="planMode">Decides the deploy mode's side (e.g. SplitVM's cores and sandbox), called after the mode is checked;
    /// null asks the mode itself, reading the host's cores only if it needs them.</param>
    /// <param name="bootIso">The net's ISO when <paramref name="options"/> asks for a firmware machine (see <see cref="NetImage.LocateIso"/>).</param>
    /// <param name="gdbPort">The gdb stub's port, already reserved (see <see cref="GdbStub.Reserve"/>), or null for none.</param>
    /// <param name="hostMemory">The host's RAM in bytes (see <see cref="HostMemory.Total"/>), or null when unknown.</param>
    public static LaunchPlan Create(RunOptions options, NetDescription net, string imagePath,
        Func<KvmAvailability> probeKvm, string qemuExecutable, string consoleLogPath, Func<IModePlan?>? planMode = null,
        string? bootIso = null, int? gdbPort = null, Func<long?>? hostMemory = null)
    {
        CheckMode(options.Mode, net);
        var machine = options.Machine ?? net.Machine.QemuMachine;
        if (Machines.BootsFromIso(machine) && options.GuestArguments.Length > 0)
            throw new DiverException(ErrorCodes.GuestArgumentsNeedKernelBoot,
                $"Guest arguments cannot reach a net booted through firmware (machine {machine}): GRUB's menu on the ISO holds its command line. " +
                "Drop the arguments after '--', or run on the default machine (microvm).");
        if (Machines.BootsFromIso(machine) && SchedulerOptions.KernelOptionWords(options).Any())
            throw new DiverException(ErrorCodes.SchedulerOptionsNeedKernelBoot,
                $"TimeSlice and IdlePolicy travel on the kernel command line, which a net booted through firmware (machine {machine}) takes from GRUB's menu on the ISO. " +
                "Drop them, or run on the default machine (microvm).");
        var modePlan = planMode is null ? options.Mode.Plan(new ModeRequest(options, net, HostCpus.Allowed)) : planMode();
        var channels = Diver.Cli.Channels.ChannelPlan.Create(options.ChannelIn, options.ChannelOut, () => (ulong)Random.Shared.NextInt64());
        if (channels is not null)
            CheckChannels(net, machine);
        var cpus = options.Cpus ?? VcpuCount.Check(net.Machine.Cpus, net.Machine.Cpus.ToString(CultureInfo.InvariantCulture));
        var memory = MemoryRequest.Check(options.Memory ?? MemorySize.Parse(net.Machine.Memory), net, hostMemory?.Invoke());
        var (accelerator, acceleratorLabel) = ChooseAccelerator(options.Accelerator, probeKvm);

        var command = new QemuCommand
        {
            Executable = qemuExecutable,
            Machine = machine,
            KernelImage = imagePath,
            ExitIoBase = net.Exit.IoBase,
            ExitIoSize = net.Exit.IoSize,
        }
            .WithAccelerator(accelerator)
            .WithCpus(cpus)
            .WithMemory(memory)
            // The kernel hands the command line to main as argv, so argv[0] is the net's name.
            .WithGuestArguments([.. KernelOptions(options, modePlan, channels), net.Name, .. options.GuestArguments])
            .WithConsoleLog(consoleLogPath)
            .WithBootIso(Machines.BootsFromIso(machine) ? bootIso ?? NetImage.IsoPath(imagePath) : null)
            .WithGdbStub(gdbPort, options.WaitForDebugger);

        command = modePlan?.Shape(command) ?? command;

        var kernel = $"{net.Kernel.Id} {net.Kernel.Config}".Trim();
        var banner = $"diver: booting {net.Name}{(kernel.Length > 0 ? $" ({kernel})" : "")} in {options.Mode.Name} mode on QEMU {machine}" +
                     $"{(command.BootIso is null ? "" : " from its ISO")}, {acceleratorLabel}, {cpus} vCPU{(cpus == 1 ? "" : "s")}, {memory}";
        var hint = gdbPort is { } port
            ? (options.WaitForDebugger ? $"diver: waiting for gdb on 127.0.0.1:{port}; attach with:\n  " : $"diver: gdb stub on 127.0.0.1:{port}; attach with:\n  ")
              + GdbStub.GdbCommand(imagePath, port)
            : null;
        return new LaunchPlan(command, banner, options.Timeout, net.Exit.PanicCode, modePlan) { DebuggerHint = hint, Channels = channels };
    }

    /// <summary>Kernel options go before the app's name, ended by "--"; the kernel strips them from argv.</summary>
    static string[] KernelOptions(RunOptions options, IModePlan? modePlan, Channels.ChannelPlan? channels)
    {
        string[] words = [.. modePlan?.KernelOptions ?? [], .. SchedulerOptions.KernelOptionWords(options),
            .. channels?.KernelOptions() ?? []];
        return words.Length == 0 ? [] : [.. words, "--"];
    }

    static void CheckChannels(NetDescription net, string machine)
    {
        if (!net.Channels)
            throw new DiverException(ErrorCodes.KernelWithoutChannels,
                $"Kernel {net.Kernel.Id} does not implement Diver channels (its manifest does not declare \"channels\": true), so {net.Name} cannot stream as a pipeline stage. " +
                "Run it as a DependsOn step that hands over files, or use a kernel that declares channels.");
        if (Machines.BootsFromIso(machine))
            throw new DiverException(ErrorCodes.KernelWithoutChannels,
                $"Channels travel on the kernel command line, which a net booted through firmware (machine {machine}) takes from GRUB's menu. Run it on the default machine (microvm).");
    }

    static void CheckMode(IDeployMode mode, NetDescription net)
    {
        // An empty list comes from a net written before modes were recorded: do not second-guess it.
        if (net.DeployModes.Count > 0 && !net.DeployModes.Any(m => string.Equals(m, mode.Name, StringComparison.OrdinalIgnoreCase)))
            throw new DiverException(ErrorCodes.DeployModeNotInKernel,
                $"Kernel {net.Kernel.Id} does not support deploy mode {mode.Name}; it supports {string.Join(", ", net.DeployModes)}. " +
                "Choose one of those (-p:DeployMode=...), or reference a kernel that supports it.");
    }

    static (Accelerator, string Label) ChooseAccelerator(AcceleratorChoice choice, Func<KvmAvailability> probe)
    {
        switch (choice)
        {
            case AcceleratorChoice.Tcg:
                return (Accelerator.Tcg, "TCG");
            case AcceleratorChoice.Kvm:
                // Asked for explicitly: honoured whenever QEMU can open /dev/kvm at all.
                if (probe().DeviceOpens)
                    return (Accelerator.Kvm, "KVM");
                throw new DiverException(ErrorCodes.BadResource,
                    "KVM was requested (--accel kvm), but /dev/kvm cannot be opened for reading and writing. " +
                    "Use --accel auto or tcg, or give your user access to /dev/kvm (group kvm).");
            default:
                var kvm = probe();
                return kvm.Usable ? (Accelerator.Kvm, "KVM") : (Accelerator.Tcg, $"TCG ({kvm.WhyNot})");
        }
    }
}
