namespace Diver.Cli.Pipelines;

/// <summary>`dotnet diver pipeline` as typed: the pipeline description and the options every stage shares.</summary>
internal sealed record PipelineRunOptions
{
    public string PipelinePath { get; init; } = "";
    public bool ShowPlan { get; init; }
    public bool Quiet { get; init; }
    public bool InheritVerbosity { get; init; }
    public string? Accelerator { get; init; }
    public string? QemuPath { get; init; }
    /// <summary>Seconds bounding every stage that sets no RunTimeout of its own.</summary>
    public string? DefaultTimeout { get; init; }
    public bool ShowHelp { get; init; }
    /// <summary>Stop every stage when the process that started the pipeline ends (dotnet run sets it).</summary>
    public bool ExitWithParent { get; init; }
    /// <summary>Check each stage's image against its description before booting (stages staged for Slurm).</summary>
    public bool VerifyImages { get; init; }
    /// <summary>
    /// Run each stage with `srun --het-group=K` (K its place in the description) instead of here: the
    /// runner inside a heterogeneous Slurm job, whose components hold the stages' cores and memory.
    /// </summary>
    public bool HetGroups { get; init; }
}
