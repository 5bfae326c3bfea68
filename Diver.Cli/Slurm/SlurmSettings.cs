namespace Diver.Cli.Slurm;

/// <summary>
/// How a run goes to Slurm: -p:SlurmPartition, -p:SlurmAccount, -p:SlurmTimeLimit, -p:SlurmArgs
/// (passed through to srun/sbatch), the shared staging folder, and whether to return at once.
/// </summary>
internal sealed record SlurmSettings
{
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public string? TimeLimit { get; init; }
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    /// <summary>A folder every compute node sees at the same path: nets and the launcher are copied there.</summary>
    public string StagingDirectory { get; init; } = "";
    /// <summary>Submit with sbatch, print the job ids and return (dotnet diver submit).</summary>
    public bool Detach { get; init; }
    /// <summary>Print the srun/sbatch commands instead of running them.</summary>
    public bool ShowPlan { get; init; }
    /// <summary>Cancel (the step, or the jobs being waited for) when the process that started this one ends.</summary>
    public bool ExitWithParent { get; init; }
}
