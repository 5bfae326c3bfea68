using System.Globalization;
using Diver.Cli.SplitVm;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Everything decided before QEMU starts: the command line, the boot line, how to read the exit.
/// Building it touches nothing but what it is given, so tests cover every decision without QEMU.
/// </summary>
internal sealed record LaunchPlan(QemuCommand Command, string Banner, TimeSpan? Timeout, int PanicCode, SplitVmPlan? SplitVm = null)
{
    /// <param name="planSplitVm">Decides the SplitVM side (cores, sandbox); called only for that mode, after the mode is checked.</param>
    public static LaunchPlan Create(RunOptions options, NetDescription net, string imagePath,
        Func<KvmAvailability> probeKvm, string qemuExecutable, string consoleLogPath, Func<SplitVmPlan>? planSplitVm = null)
    {
        CheckMode(options.Mode, net);
        var splitVm = options.Mode == DeployMode.SplitVM
            ? (planSplitVm ?? throw new InvalidOperationException("SplitVM needs a plan"))()
            : null;
        var cpus = options.Cpus ?? Resources.CheckCpus(net.Machine.Cpus, net.Machine.Cpus.ToString(CultureInfo.InvariantCulture));
        var memory = options.Memory ?? Resources.ParseMemory(net.Machine.Memory);
        var (accelerator, acceleratorLabel) = ChooseAccelerator(options.Accelerator, probeKvm);

        var command = new QemuCommand
        {
            Executable = qemuExecutable,
            Machine = net.Machine.QemuMachine,
            KernelImage = imagePath,
            ExitIoBase = net.Exit.IoBase,
            ExitIoSize = net.Exit.IoSize,
        }
            .WithAccelerator(accelerator)
            .WithCpus(cpus)
            .WithMemory(memory)
            // The kernel hands the command line to main as argv, so argv[0] is the net's name.
            .WithGuestArguments([.. KernelOptions(splitVm), net.Name, .. options.GuestArguments])
            .WithConsoleLog(consoleLogPath)
            .WithSharedMemory(splitVm?.SharedFile);

        var kernel = $"{net.Kernel.Id} {net.Kernel.Config}".Trim();
        var banner = $"diver: booting {net.Name}{(kernel.Length > 0 ? $" ({kernel})" : "")} on QEMU {net.Machine.QemuMachine}, " +
                     $"{acceleratorLabel}, {cpus} vCPU{(cpus == 1 ? "" : "s")}, {memory}";
        return new LaunchPlan(command, banner, options.Timeout, net.Exit.PanicCode, splitVm);
    }

    /// <summary>Kernel options go before the app's name, ended by "--"; the kernel strips them from argv.</summary>
    static string[] KernelOptions(SplitVmPlan? splitVm) => splitVm is null ? [] : [splitVm.KernelOption, "--"];

    static void CheckMode(DeployMode mode, NetDescription net)
    {
        // An empty list comes from a net written before modes were recorded: do not second-guess it.
        if (net.DeployModes.Count > 0 && !net.DeployModes.Any(m => string.Equals(m, mode.ToString(), StringComparison.OrdinalIgnoreCase)))
            throw new DiverException(ErrorCodes.DeployModeNotInKernel,
                $"Kernel {net.Kernel.Id} does not support deploy mode {mode}; it supports {string.Join(", ", net.DeployModes)}. " +
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
