namespace Diver.Pipelines;

/// <summary>
/// A decision of the scheduler: start this group now on these host cores. When the group wants
/// more cores than the host has, it gets all of them and <see cref="SharesCores"/> says so.
/// </summary>
public sealed record GroupStart(StreamGroup Group, IReadOnlyList<int> Cores, bool SharesCores)
{
    /// <summary>The host cores of one stage of the group: its vCPUs first, then its proxy in SplitVM.</summary>
    public IReadOnlyList<int> CoresOf(PipelineStage stage)
    {
        var offset = 0;
        foreach (var member in Group.Stages)
        {
            if (ReferenceEquals(member, stage))
                return [.. Enumerable.Range(offset, member.HostCores).Select(k => Cores[k % Cores.Count])];
            offset += member.HostCores;
        }
        throw new ArgumentException($"Stage {stage.Name} is not in group {Group.Label}.", nameof(stage));
    }
}
