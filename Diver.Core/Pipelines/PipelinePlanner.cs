namespace Diver.Pipelines;

/// <summary>
/// Plans a pipeline before anything starts, by running the same <see cref="ListScheduler"/> the
/// launcher uses against the stages' estimated durations (or equal ones when none are given): the
/// plan is the order and placement the run will follow when the estimates hold.
/// </summary>
public static class PipelinePlanner
{
    public static PipelinePlan Plan(PipelineGraph graph, HostResources host)
    {
        var scheduler = new ListScheduler(graph, host);
        var estimated = graph.Groups.All(g => g.EstimatedSeconds is not null);
        var starts = new List<PlannedStart>();
        var running = new List<(GroupStart Start, double Finish)>();
        var now = 0.0;
        while (!scheduler.AllFinished)
        {
            foreach (var start in scheduler.StartReady())
            {
                var finish = now + (start.Group.EstimatedSeconds ?? ListScheduler.UnknownSeconds);
                running.Add((start, finish));
                starts.Add(new PlannedStart(starts.Count + 1, start, estimated ? now : null, estimated ? finish : null));
            }
            // Advance to the next exit; groups that end at the same moment free their cores together.
            now = running.Min(r => r.Finish);
            foreach (var done in running.Where(r => r.Finish <= now).ToList())
            {
                scheduler.Finished(done.Start.Group);
                running.Remove(done);
            }
        }
        return new PipelinePlan(graph, host, starts);
    }
}
