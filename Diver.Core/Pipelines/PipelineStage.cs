namespace Diver.Pipelines;

/// <summary>
/// One stage of a pipeline as the planner sees it: a net with its resources and its edges.
/// <see cref="Inputs"/> are streams (the stage reads their output while they run);
/// <see cref="DependsOn"/> are batch edges (the stage starts after they exit 0).
/// </summary>
public sealed record PipelineStage(string Name)
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public int Cpus { get; init; } = 1;
    public long MemoryBytes { get; init; } = 128L * 1024 * 1024;
    /// <summary>The deploy mode's name, as the plan shows it.</summary>
    public string Mode { get; init; } = Qemu.DeployModes.Default;
    /// <summary>Host cores the deploy mode keeps busy beside the vCPUs (SplitVM's forwarding proxy: 1).</summary>
    public int ExtraHostCores { get; init; }
    /// <summary>How long the stage is expected to run; orders the ready steps (longest work first).</summary>
    public double? EstimatedSeconds { get; init; }
    /// <summary>The kernel package id, shown in the plan and named in errors.</summary>
    public string Kernel { get; init; } = "";
    /// <summary>Whether the stage's kernel speaks the channel ABI; streamed stages must.</summary>
    public bool SupportsChannels { get; init; } = true;

    /// <summary>
    /// Host cores the stage keeps busy: one per vCPU, plus what its deploy mode adds.
    /// </summary>
    public int HostCores => Cpus + ExtraHostCores;
}
