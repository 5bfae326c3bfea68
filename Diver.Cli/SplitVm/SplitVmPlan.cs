using Diver.Cli.Modes;
using Diver.Qemu;

namespace Diver.Cli.SplitVm;

/// <summary>
/// What a SplitVM run decided before anything starts: the host-core partition, the sandbox, the
/// nonce that marks this run's ring header and where the trace goes.
/// </summary>
internal sealed record SplitVmPlan(CpuPartition Cpus, string SandboxRoot, ulong Nonce, string? TracePath, string SharedFile) : IModePlan
{
    public const string DefaultSandboxFolder = "splitvm-root";

    /// <summary>The kernel option that turns forwarding on (see kernel_options.h).</summary>
    public string KernelOption => $"diver.fwd={Nonce:x}";

    public static SplitVmPlan Create(string? sandboxRoot, string? proxyCpus, bool trace, string netJsonPath, string netName,
        IReadOnlyList<int> allowedCores, ulong nonce)
    {
        var netFolder = Path.GetDirectoryName(Path.GetFullPath(netJsonPath))!;
        var root = Path.GetFullPath(sandboxRoot ?? Path.Combine(netFolder, DefaultSandboxFolder));
        if (File.Exists(root))
            throw new DiverException(ErrorCodes.SandboxUnusable,
                $"The SplitVM sandbox {root} is a file, not a folder. Point -p:SplitVMRoot at a folder (it is created if missing).");
        var tracePath = trace ? Path.Combine(netFolder, $"{netName}.forward.trace") : null;
        return new SplitVmPlan(CpuPartition.Choose(proxyCpus, allowedCores), root, nonce | 1, tracePath, SharedFileName());
    }

    /// <summary>
    /// The guest-RAM file a --print-command line names (in /dev/shm when there is one, so guest RAM
    /// never touches a disk; pid and clock make it unique). A real run uses a memfd instead.
    /// </summary>
    static string SharedFileName()
    {
        var folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return Path.Combine(folder, $"diver-{Environment.ProcessId}-{System.Diagnostics.Stopwatch.GetTimestamp():x}.ram");
    }

    public string Summary => $"diver: SplitVM: {Cpus.Summary}; files forwarded to {SandboxRoot}; guest RAM shared through a memfd (no file in /dev/shm)";

    public IEnumerable<string> KernelOptions => [KernelOption];

    public QemuCommand Shape(QemuCommand command) => command.WithSharedMemory(SharedFile);

    /// <summary>The proxy and the shared RAM, sized to the QEMU's guest RAM.</summary>
    public IModeSession Start(QemuCommand command) => SplitVmSession.Start(this, SharedRamFile.SizeOf(command));
}
