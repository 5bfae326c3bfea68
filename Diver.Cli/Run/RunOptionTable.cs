using Diver.Cli.Modes;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Every `run` option, declared once, in the order help shows them: the launcher's own, with the
/// registry's deploy modes' options after the resources. Parser and help are generated from this list.
/// </summary>
internal static class RunOptionTable
{
    public static IReadOnlyList<RunOption> For(DeployModeRegistry registry) =>
    [
        new("--mode", RunOptionKind.Value, $"Deploy mode: {registry.ValidNames}")
        {
            ValueName = "<MODE>", MsBuildProperty = "DeployMode", Default = $"default {registry.Default.Name}",
            Apply = (o, v) => o with { Mode = registry.Parse(v) },
        },
        new("--cpus", RunOptionKind.Value, "Virtual CPUs, 1 to 64")
        {
            ValueName = "<N>", MsBuildProperty = "Cpus", Default = "default: the net's",
            Apply = (o, v) => o with { Cpus = VcpuCount.Parse(v) },
        },
        new("--memory", RunOptionKind.Value, "Guest RAM, e.g. 256M or 1G")
        {
            ValueName = "<SIZE>", MsBuildProperty = "Memory", Default = "default: the net's",
            Apply = (o, v) => o with { Memory = MemorySize.Parse(v) },
        },
        new("--timeout", RunOptionKind.Value, "Stop the net after this many seconds")
        {
            ValueName = "<SECONDS>", MsBuildProperty = "RunTimeout", Default = "0: never",
            Apply = (o, v) => o with { Timeout = Resources.ParseTimeout(v) },
        },
        new("--accel", RunOptionKind.Value, "Accelerator")
        {
            ValueName = "<auto|kvm|tcg>", MsBuildProperty = "Accelerator", Default = "default auto: KVM when /dev/kvm works",
            Apply = (o, v) => o with { Accelerator = ParseAccelerator(v) },
        },
        .. registry.Options,
        new("--timeslice", RunOptionKind.Value, "Kernel scheduler time slice, 100us to 1000ms")
        {
            ValueName = "<TIME>", MsBuildProperty = "TimeSlice", Default = "default 10ms",
            Apply = (o, v) => o with { TimeSliceMicroseconds = SchedulerOptions.ParseTimeSlice(v) },
        },
        new("--idle", RunOptionKind.Value, "Idle CPUs poll briefly before halting, or halt at once")
        {
            ValueName = "<poll|halt>", MsBuildProperty = "IdlePolicy", Default = "default poll",
            Apply = (o, v) => o with { IdlePolicy = SchedulerOptions.ParseIdlePolicy(v) },
        },
        new("--channel-in", RunOptionKind.Value, "The app's stdin as a shared-memory channel fed from a descriptor, a file, stdin, or (ring:FD) straight from the ring of the launcher at the other end of a socket (pipeline stages)")
        {
            ValueName = "<FD|PATH|-|ring:FD>", Apply = (o, v) => o with { ChannelIn = v },
        },
        new("--channel-out", RunOptionKind.Value, "The app's stdout as a shared-memory channel drained into a descriptor, a file, or stdout (-: the console then goes to stderr), or (ring:FD) handed to the launcher at the other end of a socket (pipeline stages)")
        {
            ValueName = "<FD|PATH|ring:FD>", Apply = (o, v) => o with { ChannelOut = v },
        },
        new("--qemu", RunOptionKind.Value, "QEMU executable")
        {
            ValueName = "<PATH>", MsBuildProperty = "DiverQemu",
            Default = $"default: ${QemuLocator.EnvironmentVariable}, else {QemuLocator.DefaultName} on PATH",
            Apply = (o, v) => o with { QemuPath = v },
        },
        new("--quiet", RunOptionKind.Flag, "Do not print the boot line") { Aliases = ["-q"], Apply = (o, _) => o with { Quiet = true } },
        new("--print-command", RunOptionKind.Flag, "Print the QEMU command line instead of booting") { Apply = (o, _) => o with { PrintCommand = true } },
        new("--verify-image", RunOptionKind.Flag, "Check the image's hash against the net description before booting") { Apply = (o, _) => o with { VerifyImage = true } },
        new("--exit-with-parent", RunOptionKind.Flag, "Stop the net when the process that started the launcher ends (dotnet run sets it)")
        {
            Apply = (o, _) => o with { ExitWithParent = true },
        },
        new("--inherit-verbosity", RunOptionKind.Flag, "Be quiet when the dotnet run that started the launcher is (-v q)")
        {
            Hidden = true, Apply = (o, _) => o with { InheritVerbosity = true },
        },
        new("--wait-for-debugger", RunOptionKind.Flag, "Start halted with QEMU's gdb stub listening, and wait for gdb")
        {
            MsBuildProperty = "WaitForDebugger", Hidden = true, Apply = (o, _) => o with { WaitForDebugger = true },
        },
        new("--gdb-port", RunOptionKind.Value, "The gdb stub's port")
        {
            ValueName = "<PORT>", MsBuildProperty = "GdbPort", Hidden = true, Apply = (o, v) => o with { GdbPort = GdbStub.ParsePort(v) },
        },
        new("--machine", RunOptionKind.Value, "The QEMU machine: microvm, or pc to boot the net's GRUB ISO through firmware")
        {
            ValueName = "<NAME>", MsBuildProperty = "Machine", Hidden = true, Apply = (o, v) => o with { Machine = Machines.Parse(v) },
        },
        new("--help", RunOptionKind.Flag, "Show command line help") { Aliases = ["-h", "-?"], Apply = (o, _) => o with { ShowHelp = true } },
    ];

    static AcceleratorChoice ParseAccelerator(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => AcceleratorChoice.Auto,
        "kvm" => AcceleratorChoice.Kvm,
        "tcg" => AcceleratorChoice.Tcg,
        _ => throw new DiverException(ErrorCodes.BadCommandLine, $"Unknown accelerator '{value}'. Use auto, kvm or tcg."),
    };
}
