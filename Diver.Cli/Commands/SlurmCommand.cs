using Diver.Cli.Run;
using Diver.Cli.Slurm;
using Diver.Nets;
using Diver.Pipelines;
using Diver.Qemu;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver slurm [slurm options] -- run NET ...` (what `dotnet run -p:Scheduler=Slurm`
/// calls) and `dotnet diver submit NET|PIPELINE [slurm options]` (the same, returning at once with
/// the job ids). The inner command is the one the local run would execute; Diver stages its nets,
/// asks Slurm for each stage's cores and memory, and lets Slurm place and start it.
/// </summary>
internal static class SlurmCommand
{
    public static int Execute(IReadOnlyList<string> args) => Execute(args, detach: false);

    public static int Submit(IReadOnlyList<string> args) => Execute(args, detach: true);

    static int Execute(IReadOnlyList<string> args, bool detach)
    {
        var (settings, inner) = Parse(args, detach);
        if (settings is null)
        {
            WriteHelp(Console.Out);
            return 0;
        }
        // Its SIGTERM reaches the interrupt trap, which cancels the step or the jobs, as a local run stops its VM.
        if (settings.ExitWithParent)
            ParentWatch.Start();
        Directory.CreateDirectory(settings.StagingDirectory);
        return inner[0] switch
        {
            "pipeline" => RunPipeline(settings, inner),
            _ => RunNet(settings, inner),
        };
    }

    static int RunNet(SlurmSettings settings, IReadOnlyList<string> inner)
    {
        var options = RunOptionsParser.Parse([.. inner.Skip(1)]);
        var net = NetDescription.Load(options.NetPath);
        var launcher = SlurmStaging.StageLauncher(settings.StagingDirectory);
        var staged = SlurmStaging.StageNet(settings.StagingDirectory, options.NetPath);
        var memory = options.Memory ?? MemorySize.Parse(net.Machine.Memory);
        var cpus = (options.Cpus ?? net.Machine.Cpus) + options.Mode.ExtraHostCores;
        var request = new SlurmRequest(net.Name, cpus, memory.Bytes >> 20,
            // On the node as dotnet run does here: QEMU starts paused while the launcher comes up (the cache sits beside the staged net).
            [.. Prestart.Through(launcher, Path.Combine(Path.GetDirectoryName(staged)!, "diver.prestart")), "run", staged, "--verify-image",
             .. WithoutNet(inner.Skip(1), options.NetPath)]);
        if (settings.ShowPlan)
        {
            Console.Out.WriteLine(Text.ShellQuote.Join("srun", request.SrunArguments(settings)));
            return 0;
        }
        if (settings.Detach)
        {
            var log = Path.Combine(settings.StagingDirectory, "logs", $"{net.Name}-%j.out");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            var id = SlurmClient.Submit(request.SbatchArguments(settings, log), net.Name);
            Console.Out.WriteLine($"Submitted {net.Name} as Slurm job {id}; log: {log.Replace("%j", id, StringComparison.Ordinal)}");
            return 0;
        }
        return SrunStep.Run(request, settings);
    }

    static int RunPipeline(SlurmSettings settings, IReadOnlyList<string> inner)
    {
        var options = PipelineCommand.Parse([.. inner.Skip(1)]);
        var description = PipelineDescription.Load(options.PipelinePath);
        return new SlurmPipeline(settings with { ShowPlan = settings.ShowPlan || options.ShowPlan }, description, options).Run();
    }

    /// <summary>The inner run arguments minus the net's path, which the staged copy replaces.</summary>
    static IEnumerable<string> WithoutNet(IEnumerable<string> args, string netPath)
    {
        var removed = false;
        foreach (var arg in args)
        {
            if (!removed && arg == netPath) { removed = true; continue; }
            yield return arg;
        }
    }

    static (SlurmSettings? Settings, IReadOnlyList<string> Inner) Parse(IReadOnlyList<string> args, bool detach)
    {
        var settings = new SlurmSettings { Detach = detach, StagingDirectory = Path.GetFullPath("slurm-staging") };
        string? target = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
                return (settings, Inner(args.Skip(i + 1).ToList(), target));
            if (arg is "-h" or "--help" or "-?")
                return (null, []);
            if (arg is "--detach") { settings = settings with { Detach = true }; continue; }
            if (arg is "--exit-with-parent") { settings = settings with { ExitWithParent = true }; continue; }
            if (arg is "--show-plan") { settings = settings with { ShowPlan = true }; continue; }
            if (!arg.StartsWith('-'))
            {
                if (target is not null) throw Bad($"Unexpected argument '{arg}': give one net or pipeline description.");
                target = arg;
                continue;
            }
            if (i + 1 >= args.Count) throw Bad($"Option '{arg}' needs a value.");
            var value = args[++i].Trim();
            if (value.Length == 0) continue;
            settings = arg switch
            {
                "--partition" => settings with { Partition = value },
                "--account" => settings with { Account = value },
                "--time" => settings with { TimeLimit = value },
                "--staging" => settings with { StagingDirectory = Path.GetFullPath(value) },
                "--args" => settings with { ExtraArguments = SplitExtra(value) },
                _ => throw Bad($"Unknown option '{arg}'. Run 'dotnet diver slurm --help' to see the options."),
            };
        }
        return (settings, Inner([], target));
    }

    /// <summary>Either an explicit inner command after "--", or a description path that implies one.</summary>
    static IReadOnlyList<string> Inner(IReadOnlyList<string> after, string? target)
    {
        if (after.Count > 0 && after[0] is "run" or "pipeline")
            return after;
        if (target is null)
            throw Bad("Name the net or pipeline to run: dotnet diver submit bin/Debug/<name>.net.json (or <name>.pipeline.json).");
        var verb = target.EndsWith(PipelineDescription.FileSuffix, StringComparison.Ordinal) ? "pipeline" : "run";
        return [verb, target, "--", .. after];
    }

    static IReadOnlyList<string> SplitExtra(string value)
    {
        try { return Text.ShellQuote.Split(value); }
        catch (FormatException e) { throw Bad($"SlurmArgs has an {e.Message}. Close the quote."); }
    }

    static void WriteHelp(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver submit <NET|PIPELINE> [options]");
        w.WriteLine("       dotnet diver slurm [options] -- run <NET> [run options]   (what dotnet run -p:Scheduler=Slurm calls)");
        w.WriteLine();
        w.WriteLine("Runs a net as a Slurm job step (srun), or a pipeline's steps as batch jobs chained with afterok;");
        w.WriteLine("submit returns at once with the job ids. Each stage asks for its Cpus (+1 in SplitVM) and its Memory + 128 MiB for QEMU.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  --partition <NAME>     Slurm partition (-p:SlurmPartition).");
        w.WriteLine("  --account <NAME>       Slurm account (-p:SlurmAccount).");
        w.WriteLine("  --time <LIMIT>         Slurm time limit, e.g. 10 or 1:00:00 (-p:SlurmTimeLimit).");
        w.WriteLine("  --args <ARGS>          More srun/sbatch arguments, passed through (-p:SlurmArgs).");
        w.WriteLine("  --staging <DIR>        Folder every node sees where nets and the launcher are copied (-p:SlurmStagingDir; default ./slurm-staging).");
        w.WriteLine("  --detach               Submit with sbatch and return with the job ids.");
        w.WriteLine("  --show-plan            Print the srun/sbatch commands instead of running them.");
        w.WriteLine("  --exit-with-parent     Cancel when the process that started this one ends (dotnet run sets it).");
        w.WriteLine("  -h, --help             Show command line help.");
    }

    static DiverException Bad(string message) => new(ErrorCodes.BadCommandLine, message);
}
