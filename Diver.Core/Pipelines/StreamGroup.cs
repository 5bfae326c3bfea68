namespace Diver.Pipelines;

/// <summary>
/// Stages joined by streams, directly or through each other: they must all run at the same time,
/// so the scheduler starts and places them as one unit.
/// </summary>
public sealed record StreamGroup(int Index, IReadOnlyList<PipelineStage> Stages)
{
    /// <summary>Groups that must exit 0 before this one starts (from the stages' DependsOn).</summary>
    public IReadOnlyList<int> Predecessors { get; init; } = [];

    public int HostCores => Stages.Sum(s => s.HostCores);
    public long MemoryBytes => Stages.Sum(s => s.MemoryBytes);

    /// <summary>
    /// Streamed stages end together (a consumer ends at its producer's end of stream), so the group
    /// lasts as long as its longest stage. Null when some stage gives no estimate.
    /// </summary>
    public double? EstimatedSeconds =>
        Stages.All(s => s.EstimatedSeconds is not null) ? Stages.Max(s => s.EstimatedSeconds!.Value) : null;

    public string Label => string.Join(" + ", Stages.Select(s => s.Name));
}
