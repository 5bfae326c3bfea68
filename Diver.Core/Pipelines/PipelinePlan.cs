using System.Globalization;
using System.Text;

namespace Diver.Pipelines;

/// <summary>One start of the plan, in the order the scheduler makes them, with predicted times when every stage has an estimate.</summary>
public sealed record PlannedStart(int Order, GroupStart Start, double? StartSeconds, double? FinishSeconds);

/// <summary>
/// What `-p:ShowPlan=true` prints and the launcher follows: which groups start in which order on
/// which host cores, what they share when the host is too small, and how the predicted makespan
/// compares with its lower bound (total work ÷ cores, or the critical path).
/// </summary>
public sealed record PipelinePlan(PipelineGraph Graph, HostResources Host, IReadOnlyList<PlannedStart> Starts)
{
    public bool HasEstimates => Starts.All(s => s.StartSeconds is not null);
    public double? PredictedMakespan => HasEstimates ? Starts.Max(s => s.FinishSeconds) : null;

    /// <summary>max(total core-seconds ÷ host cores, longest chain of groups): no schedule beats it.</summary>
    public double? LowerBound
    {
        get
        {
            if (!HasEstimates) return null;
            var work = Graph.Groups.Sum(g => g.EstimatedSeconds!.Value * Math.Min(g.HostCores, Host.Cores));
            var chain = new double[Graph.Groups.Count];
            foreach (var group in Graph.Groups.OrderBy(g => Starts.First(s => s.Start.Group.Index == g.Index).Order))
                chain[group.Index] = group.EstimatedSeconds!.Value + group.Predecessors.Select(p => chain[p]).DefaultIfEmpty(0).Max();
            return Math.Max(work / Host.Cores, chain.Max());
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        var stages = Graph.Stages.Count;
        text.AppendLine(Invariant($"Pipeline plan: {stages} stage{(stages == 1 ? "" : "s")} in {Graph.Groups.Count} group{(Graph.Groups.Count == 1 ? "" : "s")} on {Host.Cores} host core{(Host.Cores == 1 ? "" : "s")}, {Host.MemoryBytes / (1024 * 1024)} MiB available"));
        var rows = new List<string[]> { new[] { "order", "stage", "kernel", "mode", "vCPUs", "host cores", "memory", "starts", "input" } };
        foreach (var planned in Starts)
        {
            foreach (var stage in planned.Start.Group.Stages)
            {
                rows.Add([
                    planned.Order.ToString(CultureInfo.InvariantCulture),
                    stage.Name,
                    stage.Kernel.Length > 0 ? stage.Kernel : "-",
                    stage.Mode.ToString(),
                    stage.Cpus.ToString(CultureInfo.InvariantCulture),
                    string.Join(",", planned.Start.CoresOf(stage)),
                    $"{stage.MemoryBytes / (1024 * 1024)} MiB",
                    StartsWhen(planned),
                    Edges(stage),
                ]);
            }
        }
        AppendTable(text, rows);
        foreach (var planned in Starts.Where(p => p.Start.SharesCores))
            text.AppendLine(Invariant($"Shared: {planned.Start.Group.Label} want {planned.Start.Group.HostCores} cores and run together; the host has {Host.Cores}, so they share cores {string.Join(",", planned.Start.Cores)}."));
        if (PredictedMakespan is { } makespan && LowerBound is { } bound)
            text.AppendLine(Invariant($"Predicted makespan {makespan:0.##} s from the estimates (lower bound {bound:0.##} s), plus each net's boot."));
        return text.ToString();
    }

    static string StartsWhen(PlannedStart planned)
    {
        var after = planned.Start.Group.Predecessors;
        if (planned.StartSeconds is { } at)
            return Invariant($"at {at:0.##} s");
        return after.Count == 0 ? "at once" : "after its DependsOn exit 0";
    }

    static string Edges(PipelineStage stage)
    {
        var parts = new List<string>();
        if (stage.Inputs.Count > 0) parts.Add("reads " + string.Join(", then ", stage.Inputs));
        if (stage.DependsOn.Count > 0) parts.Add("after " + string.Join(", ", stage.DependsOn));
        return parts.Count == 0 ? "-" : string.Join("; ", parts);
    }

    static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
