using System.Collections.Immutable;
using Diver.Cli.Modes;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>`dotnet diver run` as typed, already validated; null means "use the net's default".</summary>
internal sealed record RunOptions
{
    public string NetPath { get; init; } = "";
    public IDeployMode Mode { get; init; } = DeployModeRegistry.Builtin.Default;
    public int? Cpus { get; init; }
    public MemorySize? Memory { get; init; }
    public TimeSpan? Timeout { get; init; }
    public string? QemuPath { get; init; }
    public AcceleratorChoice Accelerator { get; init; } = AcceleratorChoice.Auto;
    public bool Quiet { get; init; }
    /// <summary>Print the QEMU command instead of running it (benchmarks, bug reports, running QEMU by hand).</summary>
    public bool PrintCommand { get; init; }
    public bool ShowHelp { get; init; }
    /// <summary>Values of the options deploy modes declare, by option name (see <see cref="RunOption.ValueIn"/>).</summary>
    public ImmutableDictionary<string, string> ModeValues { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Check the image's SHA-256 before booting (images staged for Slurm nodes).</summary>
    public bool VerifyImage { get; init; }
    /// <summary>Take quietness from the `dotnet run -v q` that started the launcher (the run targets pass this).</summary>
    public bool InheritVerbosity { get; init; }
    /// <summary>Stop the run when the process that started the launcher ends (the run targets pass this for `dotnet run`).</summary>
    public bool ExitWithParent { get; init; }
    /// <summary>Start halted with QEMU's gdb stub listening, and wait for gdb.</summary>
    public bool WaitForDebugger { get; init; }
    /// <summary>The gdb stub's port; null picks a free one.</summary>
    public int? GdbPort { get; init; }
    /// <summary>The QEMU machine: null for the net's (microvm), or pc to boot the net's GRUB ISO through firmware.</summary>
    public string? Machine { get; init; }
    /// <summary>The kernel scheduler's time slice in microseconds; null for the kernel's default (10 ms).</summary>
    public int? TimeSliceMicroseconds { get; init; }
    /// <summary>What an idle CPU does: poll (then halt) or halt; null for the kernel's default (poll).</summary>
    public string? IdlePolicy { get; init; }
    /// <summary>The host end of the app's stdin channel (a descriptor number, - for stdin, or a file); null: the console.</summary>
    public string? ChannelIn { get; init; }
    /// <summary>The host end of the app's stdout channel (a descriptor number or a file); null: the console.</summary>
    public string? ChannelOut { get; init; }
    public ImmutableArray<string> GuestArguments { get; init; } = [];
}
