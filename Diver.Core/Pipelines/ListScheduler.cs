namespace Diver.Pipelines;

/// <summary>
/// List scheduling of a pipeline's groups onto host cores: whenever cores free up, start every
/// ready group that fits, highest priority first. A group's priority is its bottom level (its own
/// estimated time plus the longest chain of work that waits for it), so the critical path starts
/// early and, among equals, the longest work goes first. The launcher drives it with real exits;
/// <see cref="PipelinePlanner"/> drives it with estimated ones to print the plan, so both follow
/// one rule.
/// </summary>
public sealed class ListScheduler
{
    /// <summary>The duration assumed for a group without an estimate: only the order matters then.</summary>
    public const double UnknownSeconds = 1.0;

    readonly PipelineGraph graph;
    readonly HostResources host;
    readonly double[] priority;
    readonly bool[] started;
    readonly bool[] finished;
    readonly bool[] coreBusy;
    readonly Dictionary<int, GroupStart> running = [];
    long memoryInUse;

    public ListScheduler(PipelineGraph graph, HostResources host)
    {
        this.graph = graph;
        this.host = host;
        foreach (var group in graph.Groups)
        {
            if (group.MemoryBytes > host.MemoryBytes)
                throw new DiverException(ErrorCodes.PipelineDoesNotFit,
                    $"Stages {group.Label} run together and need {Mib(group.MemoryBytes)} MiB of memory, but this host has {Mib(host.MemoryBytes)} MiB available. " +
                    "Lower their Memory, or split the stream into batch steps (DependsOn).");
        }
        priority = BottomLevels(graph);
        started = new bool[graph.Groups.Count];
        finished = new bool[graph.Groups.Count];
        coreBusy = new bool[host.Cores];
    }

    public bool AllFinished => finished.All(f => f);
    public double PriorityOf(StreamGroup group) => priority[group.Index];

    /// <summary>Starts every ready group that fits now, in priority order, and returns them.</summary>
    public IReadOnlyList<GroupStart> StartReady()
    {
        var starts = new List<GroupStart>();
        foreach (var group in ReadyByPriority())
        {
            var wanted = group.HostCores;
            var granted = Math.Min(wanted, host.Cores);
            var free = Enumerable.Range(0, host.Cores).Where(c => !coreBusy[c]).Take(granted).ToList();
            if (free.Count < granted || memoryInUse + group.MemoryBytes > host.MemoryBytes)
                continue;
            foreach (var core in free) coreBusy[core] = true;
            memoryInUse += group.MemoryBytes;
            started[group.Index] = true;
            var start = new GroupStart(group, free, SharesCores: granted < wanted);
            running[group.Index] = start;
            starts.Add(start);
        }
        return starts;
    }

    /// <summary>The group exited (every stage with 0): its cores and memory go back to the pool.</summary>
    public void Finished(StreamGroup group)
    {
        if (!running.Remove(group.Index, out var start))
            throw new InvalidOperationException($"Group {group.Label} is not running.");
        foreach (var core in start.Cores) coreBusy[core] = false;
        memoryInUse -= group.MemoryBytes;
        finished[group.Index] = true;
    }

    IEnumerable<StreamGroup> ReadyByPriority() =>
        graph.Groups
            .Where(g => !started[g.Index] && g.Predecessors.All(p => finished[p]))
            .OrderByDescending(g => priority[g.Index])
            .ThenByDescending(g => g.EstimatedSeconds ?? UnknownSeconds)
            .ThenBy(g => g.Index);

    /// <summary>Bottom level: a group's own time plus the longest chain of groups that wait for it.</summary>
    static double[] BottomLevels(PipelineGraph graph)
    {
        var levels = new double[graph.Groups.Count];
        var done = new bool[graph.Groups.Count];
        double Level(StreamGroup group)
        {
            if (done[group.Index]) return levels[group.Index];
            var successors = graph.Groups.Where(g => g.Predecessors.Contains(group.Index));
            levels[group.Index] = (group.EstimatedSeconds ?? UnknownSeconds) + successors.Select(Level).DefaultIfEmpty(0).Max();
            done[group.Index] = true;
            return levels[group.Index];
        }
        foreach (var group in graph.Groups) Level(group);
        return levels;
    }

    static long Mib(long bytes) => bytes / (1024 * 1024);
}
