using Diver.Cli.Pipelines;
using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Slurm;

/// <summary>
/// A pipeline handed to Slurm: each stream group (one stage, or stages joined by Input edges) is
/// a batch job chained to the jobs it waits for with afterok, so Slurm runs them as soon as their
/// dependencies succeed and never runs the dependents of a failed one. A streamed group whose stages
/// ask alike is one job whose allocation is the sum of its stages' cores and memory: on its node the
/// staged launcher runs the group as a local pipeline. One whose stages ask differently is a
/// heterogeneous job, a component per stage with that stage's cores and memory: the staged launcher's
/// runner in the first component starts each stage in its own component and carries the streams
/// between them over srun's I/O forwarding (<see cref="HetComponent"/>). Without --detach the run waits, streams each
/// job's log, and ends as the local run does: 0 when every job exits 0, else the first failure named
/// with its node.
/// </summary>
internal sealed class SlurmPipeline
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    readonly SlurmSettings settings;
    readonly PipelineDescription description;
    readonly PipelineGraph graph;
    readonly PipelineRunOptions options;
    /// <summary>Built net -> its staged description: stages that boot the same net stage it (hash, copy) once.</summary>
    readonly Dictionary<string, string> stagedNets = new(StringComparer.Ordinal);

    public SlurmPipeline(SlurmSettings settings, PipelineDescription description, PipelineRunOptions options)
    {
        this.settings = settings;
        this.description = description;
        this.options = options;
        graph = PipelineGraph.Build(description.ToStages(Modes.DeployModeRegistry.Builtin.ExtraHostCores));
    }

    public int Run()
    {
        var launcher = SlurmStaging.StageLauncher(settings.StagingDirectory);
        var logs = Path.Combine(settings.StagingDirectory, "logs");
        Directory.CreateDirectory(logs);
        var jobs = new List<(string Label, string JobId, string Log)>();
        // Stage name -> the job that runs it (a shell variable in the printed plan).
        var jobOfStage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // A waiting run that is killed outright leaves no job behind (a detached one means to).
        using var cancelOnDeath = settings.ShowPlan || settings.Detach ? null : new JobsCancelledOnDeath();
        try
        {
            foreach (var group in TopologicalOrder())
            {
                var stages = group.Stages.Select(g => description.Stages.First(s => string.Equals(s.Name, g.Name, StringComparison.OrdinalIgnoreCase))).ToList();
                var label = string.Join('+', stages.Select(s => s.Name));
                var heterogeneous = HetComponent.IsHeterogeneous(group);
                IReadOnlyList<string> command = [.. launcher, .. JobCommand(stages, label, heterogeneous)];
                IReadOnlyList<string> afterOk = [.. stages.SelectMany(s => s.DependsOn).Select(d => jobOfStage[d]).Distinct()];
                var name = $"{description.Name}/{label}";
                var log = Path.Combine(logs, $"{description.Name}-{label}-%j.out");
                var arguments = heterogeneous
                    ? SlurmRequest.HetSbatchArguments([.. group.Stages.Select(s => new SlurmRequest(name, s.HostCores, s.MemoryBytes >> 20, command) { AfterOk = afterOk })], settings, log)
                    : new SlurmRequest(name, group.HostCores, group.MemoryBytes >> 20, command) { AfterOk = afterOk, Vms = stages.Count }.SbatchArguments(settings, log);
                if (settings.ShowPlan)
                {
                    // A script to paste: each job id lands in a shell variable the later jobs' afterok expands.
                    var variable = System.Text.RegularExpressions.Regex.Replace(label, "[^A-Za-z0-9_]", "_");
                    var words = arguments.Select(a => a.StartsWith("--dependency=", StringComparison.Ordinal) ? $"\"{a}\"" : Text.ShellQuote.Quote(a));
                    Console.Out.WriteLine($"{variable}=$(sbatch {string.Join(' ', words)})");
                    foreach (var stage in stages) jobOfStage[stage.Name] = $"${variable}";
                    continue;
                }
                var id = SlurmClient.Submit(arguments, stages.Count == 1 ? $"stage '{label}'" : $"stages '{group.Label}'");
                cancelOnDeath?.Add(id);
                foreach (var stage in stages) jobOfStage[stage.Name] = id;
                jobs.Add((label, id, log.Replace("%j", id, StringComparison.Ordinal)));
            }
        }
        catch (DiverException)
        {
            // A step refused (or a net missing) halfway: the steps already queued would run a partial pipeline.
            SlurmClient.Cancel(jobs.Select(j => j.JobId));
            throw;
        }
        if (settings.ShowPlan)
            return 0;
        if (settings.Detach)
        {
            foreach (var (label, id, log) in jobs)
                Console.Out.WriteLine($"Submitted {(label.Contains('+') ? "stages" : "stage")} {label} as Slurm job {id}; log: {log}");
            return 0;
        }
        return Wait(jobs);
    }

    /// <summary>
    /// What a group's job runs on its node: one stage's `run`, or the streamed stages as a pipeline of
    /// their own (in a heterogeneous job, each stage through srun in its component, in the stages' order).
    /// </summary>
    IEnumerable<string> JobCommand(IReadOnlyList<PipelineStageDescription> stages, string label, bool heterogeneous)
    {
        if (stages.Count == 1)
            return StageProcess.LauncherArguments(stages[0], StagedNet(stages[0].Net), options, verifyImage: true);
        // DependsOn edges to other groups are this job's afterok; inside it only the streams remain.
        var members = stages.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var group = description with
        {
            Name = $"{description.Name}-{label}",
            Stages = [.. stages.Select(s => s with
            {
                Net = StagedNet(s.Net),
                DependsOn = [.. s.DependsOn.Where(members.Contains)],
            })],
        };
        return Commands.PipelineCommand.Arguments(options with
        {
            PipelinePath = SlurmStaging.StagePipeline(settings.StagingDirectory, group),
            VerifyImages = true,
            HetGroups = heterogeneous,
            Quiet = true,
            ExitWithParent = true,
            ShowPlan = false,
        });
    }

    string StagedNet(string net)
    {
        if (!stagedNets.TryGetValue(net, out var staged))
            stagedNets[net] = staged = SlurmStaging.StageNet(settings.StagingDirectory, net);
        return staged;
    }

    int Wait(List<(string Label, string JobId, string Log)> jobs)
    {
        using var trap = InterruptTrap.Install();
        var output = new StageOutput(prefix: jobs.Count > 1);
        var tails = jobs.ToDictionary(j => j.JobId, j => new LogTail(j.Log));
        var pending = jobs.ToDictionary(j => j.JobId, j => j.Label);
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
                tails[id].Print(output, stage);
                var info = SlurmClient.Show(id);
                if (info is not null && !info.IsFinished) continue;
                tails[id].Print(output, stage, final: true);
                pending.Remove(id);
                if (info is null || info.Succeeded) continue;
                SlurmClient.Cancel(pending.Keys);
                var exit = info.ExitStatus != 0 ? info.ExitStatus : 1;
                ErrorOutput.Write(ErrorCodes.PipelineStageFailed,
                    $"Stage '{stage}' failed with exit code {info.ExitStatus} on node {info.Nodes} (Slurm job {id}, {info.State}); " +
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
