using System.Collections.Concurrent;
using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Pipelines;

/// <summary>
/// Runs a planned pipeline: the <see cref="ListScheduler"/> decides which groups start on which
/// cores; every stage is a child launcher; each exit frees its group's cores once the whole group
/// is done. The first stage that fails (or a signal to this process) stops every other stage, and
/// nothing started here outlives the run.
/// </summary>
internal sealed class PipelineRunner
{
    /// <summary>How long a stage's launcher gets to stop its VM before SIGKILL.</summary>
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    readonly PipelineDescription description;
    readonly PipelineGraph graph;
    readonly ListScheduler scheduler;
    readonly PipelineRunOptions options;
    readonly bool quiet;
    /// <summary>Exits of stages, and null for a signal to this process: the loop's only input.</summary>
    readonly BlockingCollection<StageProcess?> events = new();
    readonly List<StageProcess> running = [];
    readonly PipelineStreams streams;

    public PipelineRunner(PipelineDescription description, PipelineGraph graph, HostResources host, PipelineRunOptions options, bool quiet)
    {
        this.description = description;
        this.graph = graph;
        this.options = options;
        this.quiet = quiet;
        // In a heterogeneous job each stage's cores are its component's, not this node's.
        scheduler = new ListScheduler(graph, options.HetGroups ? Slurm.HetComponent.Allocation(graph) : host);
        // Links hand guest RAM from one launcher to the next: both must be on this host.
        streams = new PipelineStreams(graph.Stages, directLinks: !options.HetGroups);
    }

    public int Run()
    {
        using var trap = InterruptTrap.Install();
        trap.OnInterrupt(() => events.Add(null));
        var output = new StageOutput(prefix: graph.TerminalStages.Count > 1);
        var pendingInGroup = new Dictionary<int, int>();
        try
        {
            while (!scheduler.AllFinished)
            {
                foreach (var start in scheduler.StartReady())
                {
                    pendingInGroup[start.Group.Index] = start.Group.Stages.Count;
                    foreach (var stage in start.Group.Stages)
                        StartStage(stage, start, output);
                }
                var exited = events.Take();
                if (exited is null)
                {
                    StopAll();
                    ErrorOutput.Write(ErrorCodes.Interrupted, "The pipeline was interrupted; every stage was stopped.");
                    return LauncherExitCodes.Interrupted;
                }
                running.Remove(exited);
                if (exited.ExitCode != 0)
                {
                    StopAll();
                    var where = exited.HetComponent is { } component ? Slurm.HetComponent.Where(component) : "";
                    ErrorOutput.Write(ErrorCodes.PipelineStageFailed,
                        $"Stage '{exited.Stage.Name}' failed with exit code {exited.ExitCode}{where}; the other stages were stopped. " +
                        "Its output above says why; run its project alone with 'dotnet run' to look closer.");
                    return exited.ExitCode;
                }
                if (--pendingInGroup[exited.Group.Index] == 0)
                    scheduler.Finished(exited.Group);
                exited.Dispose();
            }
            return 0;
        }
        finally
        {
            // Reached with stages running only if something above threw: stop them all the same.
            StopAll();
            streams.Dispose();
        }
    }

    void StartStage(PipelineStage stage, GroupStart start, StageOutput output)
    {
        var index = description.Stages.ToList().FindIndex(s => string.Equals(s.Name, stage.Name, StringComparison.OrdinalIgnoreCase));
        var stageDescription = description.Stages[index];
        var cores = start.CoresOf(stage);
        if (!quiet)
            Console.Error.WriteLine($"diver: starting stage {stage.Name} ({stage.Kernel}, {stage.Mode}, {stage.Cpus} vCPU{(stage.Cpus == 1 ? "" : "s")}) on host core{(cores.Count == 1 ? "" : "s")} {string.Join(",", cores)}");
        var pipes = streams.PipesFor(stage.Name);
        running.Add(StageProcess.Start(stageDescription, start.Group, cores, options, output, e => events.Add(e), pipes,
            hetComponent: options.HetGroups ? index : null));
        streams.Started(stage.Name, pipes.Input, pipes.Output);
    }

    void StopAll()
    {
        // Stop in parallel: each launcher gives its QEMU a grace period of its own.
        var stopping = running.Select(stage => Task.Run(() => stage.Stop(StopGrace))).ToArray();
        Task.WaitAll(stopping);
        foreach (var stage in running)
            stage.Dispose();
        running.Clear();
    }
}
