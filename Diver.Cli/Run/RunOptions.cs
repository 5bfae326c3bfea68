using System.Collections.Immutable;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>`dotnet diver run` as typed, already validated; null means "use the net's default".</summary>
internal sealed record RunOptions
{
    public string NetPath { get; init; } = "";
    public DeployMode Mode { get; init; } = DeployMode.VM;
    public int? Cpus { get; init; }
    public MemorySize? Memory { get; init; }
    public TimeSpan? Timeout { get; init; }
    public string? QemuPath { get; init; }
    public AcceleratorChoice Accelerator { get; init; } = AcceleratorChoice.Auto;
    public bool Quiet { get; init; }
    public bool ShowHelp { get; init; }
    /// <summary>Take quietness from the `dotnet run -v q` that started the launcher (the run targets pass this).</summary>
    public bool InheritVerbosity { get; init; }
    /// <summary>Start halted with QEMU's gdb stub listening, and wait for gdb.</summary>
    public bool WaitForDebugger { get; init; }
    /// <summary>The gdb stub's port; null picks a free one.</summary>
    public int? GdbPort { get; init; }
    /// <summary>The QEMU machine: null for the net's (microvm), or pc to boot the net's GRUB ISO through firmware.</summary>
    public string? Machine { get; init; }
    public ImmutableArray<string> GuestArguments { get; init; } = [];
}
