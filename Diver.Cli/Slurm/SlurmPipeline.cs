using Diver.Cli.Pipelines;
using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Slurm;

/// <summary>
/// A pipeline handed to Slurm: each DependsOn step is a batch job chained to the jobs it waits
/// for with afterok, so Slurm runs them as soon as their dependencies succeed and never runs the
/// dependents of a failed one. Without --detach the run waits, streams each step's log, and ends
/// as the local run does: 0 when every step exits 0, else the first failure named with its node.
/// </summary>
internal sealed class SlurmPipeline
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    readonly SlurmSettings settings;
    readonly PipelineDescription description;
    readonly PipelineGraph graph;
    readonly PipelineRunOptions options;

    public SlurmPipeline(SlurmSettings settings, PipelineDescription description, PipelineRunOptions options)
    {
        this.settings = settings;
        this.description = description;
        this.options = options;
        graph = PipelineGraph.Build(description.ToStages());
        if (graph.Groups.FirstOrDefault(g => g.Stages.Count > 1) is { } streamed)
            throw new DiverException(ErrorCodes.SlurmRefused,
                $"Stages {streamed.Label} stream into each other, which Slurm runs need channels for; run this pipeline locally, or join the steps with DependsOn.");
    }

    public int Run()
    {
        var launcher = SlurmStaging.StageLauncher(settings.StagingDirectory);
        var logs = Path.Combine(settings.StagingDirectory, "logs");
        Directory.CreateDirectory(logs);
        var jobs = new List<(PipelineStageDescription Stage, string JobId, string Log)>();
        foreach (var group in TopologicalOrder())
        {
            var stage = description.Stages.First(s => string.Equals(s.Name, group.Stages[0].Name, StringComparison.OrdinalIgnoreCase));
            var net = SlurmStaging.StageNet(settings.StagingDirectory, stage.Net);
            var request = new SlurmRequest($"{description.Name}/{stage.Name}", group.HostCores, group.MemoryBytes >> 20,
                [.. launcher, .. StageProcess.LauncherArguments(stage, net, options, verifyImage: true)])
            {
                AfterOk = [.. stage.DependsOn.Select(d => settings.ShowPlan ? $"${d}" : jobs.First(j => string.Equals(j.Stage.Name, d, StringComparison.OrdinalIgnoreCase)).JobId)],
            };
            var log = Path.Combine(logs, $"{description.Name}-{stage.Name}-%j.out");
            var arguments = request.SbatchArguments(settings, log);
            if (settings.ShowPlan)
            {
                Console.Out.WriteLine($"{stage.Name}=$({Text.ShellQuote.Join("sbatch", arguments)})");
                continue;
            }
            var id = SlurmClient.Submit(arguments, $"stage '{stage.Name}'");
            jobs.Add((stage, id, log.Replace("%j", id, StringComparison.Ordinal)));
        }
        if (settings.ShowPlan)
            return 0;
        if (settings.Detach)
        {
            foreach (var (stage, id, log) in jobs)
                Console.Out.WriteLine($"Submitted stage {stage.Name} as Slurm job {id}; log: {log}");
            return 0;
        }
        return Wait(jobs);
    }

    int Wait(List<(PipelineStageDescription Stage, string JobId, string Log)> jobs)
    {
        using var trap = InterruptTrap.Install();
        var output = new StageOutput(prefix: jobs.Count > 1);
        var tails = jobs.ToDictionary(j => j.JobId, j => new LogTail(j.Log));
        var pending = jobs.ToDictionary(j => j.JobId, j => j.Stage);
        while (pending.Count > 0)
        {
            if (trap.WaitFired(Poll))
            {
                SlurmClient.Cancel(pending.Keys);
                ErrorOutput.Write(ErrorCodes.Interrupted, $"The pipeline was interrupted; Slurm jobs {string.Join(", ", pending.Keys)} were cancelled.");
                return LauncherExitCodes.Interrupted;
            }
            foreach (var (id, stage) in pending.ToList())
            {
                tails[id].Print(output, stage.Name);
                var info = SlurmClient.Show(id);
                if (info is not null && !info.IsFinished) continue;
                tails[id].Print(output, stage.Name, final: true);
                pending.Remove(id);
                if (info is null || info.Succeeded) continue;
                SlurmClient.Cancel(pending.Keys);
                var exit = info.ExitStatus != 0 ? info.ExitStatus : 1;
                ErrorOutput.Write(ErrorCodes.PipelineStageFailed,
                    $"Stage '{stage.Name}' failed with exit code {info.ExitStatus} on node {info.Nodes} (Slurm job {id}, {info.State}); " +
                    $"the steps after it were cancelled. Its log: {tails[id].Path}");
                return exit;
            }
        }
        return 0;
    }

    IEnumerable<StreamGroup> TopologicalOrder()
    {
        var done = new HashSet<int>();
        while (done.Count < graph.Groups.Count)
        {
            var ready = graph.Groups.First(g => !done.Contains(g.Index) && g.Predecessors.All(done.Contains));
            done.Add(ready.Index);
            yield return ready;
        }
    }

    /// <summary>The part of a job's log not printed yet, whole lines only (the rest waits for its newline).</summary>
    sealed class LogTail(string path)
    {
        long position;
        public string Path { get; } = path;

        public void Print(StageOutput output, string stage, bool final = false)
        {
            if (!File.Exists(Path)) return;
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(position, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var end = final ? text.Length : text.LastIndexOf('\n') + 1;
            if (end <= 0) return;
            foreach (var line in text[..end].TrimEnd('\n').Split('\n'))
                output.Write(Console.Out, stage, line);
            position += System.Text.Encoding.UTF8.GetByteCount(text[..end]);
        }
    }
}
