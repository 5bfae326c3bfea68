using Diver.Cli.Pipelines;
using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver pipeline PIPELINE.json`: what `dotnet run` calls for a pipeline project. Plans
/// the stages onto this host's cores, then runs them (or, with --show-plan, prints the plan).
/// </summary>
internal static class PipelineCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var options = Parse(args);
        if (options.ShowHelp)
        {
            WriteHelp(Console.Out);
            return 0;
        }
        var description = PipelineDescription.Load(options.PipelinePath);
        var graph = PipelineGraph.Build(description.ToStages(Modes.DeployModeRegistry.Builtin.ExtraHostCores));
        var host = HostResources.OfThisMachine();
        if (options.ShowPlan)
        {
            Console.Out.Write(PipelinePlanner.Plan(graph, host).Render());
            return 0;
        }
        var quiet = options.Quiet || (options.InheritVerbosity && ParentVerbosity.ParentIsQuiet());
        // Its SIGTERM reaches the runner's trap, which stops every stage (each stage's launcher
        // watches the runner the same way, so even a SIGKILLed runner leaves no VM behind).
        if (options.ExitWithParent)
            ParentWatch.Start();
        return new PipelineRunner(description, graph, host, options, quiet).Run();
    }

    public static PipelineRunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PipelineRunOptions();
        string? path = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--":
                    if (i + 1 < args.Count)
                        throw Bad("A pipeline takes no guest arguments: give each stage its own with Args=\"...\" on its Stage item.");
                    i = args.Count;
                    break;
                case "-h" or "--help" or "-?":
                    return options with { ShowHelp = true };
                case "--show-plan":
                    options = options with { ShowPlan = true };
                    break;
                case "-q" or "--quiet":
                    options = options with { Quiet = true };
                    break;
                case "--exit-with-parent":
                    options = options with { ExitWithParent = true };
                    break;
                case "--inherit-verbosity":
                    options = options with { InheritVerbosity = true };
                    break;
                case "--verify-images":
                    options = options with { VerifyImages = true };
                    break;
                case "--het-groups":
                    options = options with { HetGroups = true };
                    break;
                case "--accel" or "--qemu" or "--timeout":
                    if (i + 1 >= args.Count) throw Bad($"Option '{arg}' needs a value.");
                    var value = args[++i];
                    if (value.Trim().Length == 0) break;
                    options = arg switch
                    {
                        "--accel" => options with { Accelerator = value },
                        "--qemu" => options with { QemuPath = value },
                        _ => options with { DefaultTimeout = value },
                    };
                    break;
                default:
                    if (arg.StartsWith('-'))
                        throw Bad($"Option '{arg}' does not apply to a pipeline: set it per stage on the Stage items (Cpus, Memory, DeployMode, RunTimeout...). Run 'dotnet diver pipeline --help' to see the options.");
                    if (path is not null)
                        throw Bad($"Unexpected argument '{arg}': 'pipeline' takes one pipeline description.");
                    path = arg;
                    break;
            }
        }
        return path is null
            ? throw Bad("'pipeline' needs the pipeline to run: dotnet diver pipeline bin/Debug/<name>.pipeline.json")
            : options with { PipelinePath = path };
    }

    /// <summary>The command line <see cref="Parse"/> reads back as <paramref name="options"/> (a pipeline started again on a Slurm node).</summary>
    public static IEnumerable<string> Arguments(PipelineRunOptions options)
    {
        yield return "pipeline";
        yield return options.PipelinePath;
        if (options.Quiet) yield return "--quiet";
        if (options.ExitWithParent) yield return "--exit-with-parent";
        if (options.VerifyImages) yield return "--verify-images";
        if (options.HetGroups) yield return "--het-groups";
        if (options.Accelerator is { } accel) { yield return "--accel"; yield return accel; }
        if (options.QemuPath is { } qemu) { yield return "--qemu"; yield return qemu; }
        if (options.DefaultTimeout is { } timeout) { yield return "--timeout"; yield return timeout; }
    }

    static void WriteHelp(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver pipeline <PIPELINE> [options]");
        w.WriteLine();
        w.WriteLine("Plans a built pipeline's stages onto this host's cores and runs them; exits 0 when every stage exits 0.");
        w.WriteLine();
        w.WriteLine("Arguments:");
        w.WriteLine("  <PIPELINE>             The pipeline description, bin/<Configuration>/<name>.pipeline.json.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  --show-plan            Print the plan (stages, host cores, memory, start order) and run nothing.");
        w.WriteLine("  --accel <auto|kvm|tcg> Accelerator for every stage (default auto).");
        w.WriteLine("  --qemu <PATH>          QEMU executable for every stage.");
        w.WriteLine("  --timeout <SECONDS>    Stop any stage that runs longer (stages with their own RunTimeout keep it).");
        w.WriteLine("  -q, --quiet            Do not print a line per started stage.");
        w.WriteLine("  --exit-with-parent     Stop every stage when the process that started this one ends (dotnet run sets it).");
        w.WriteLine("  --verify-images        Check each stage's image against its description before booting it.");
        w.WriteLine("  --het-groups           Inside a heterogeneous Slurm job: run stage K in component K (srun --het-group=K).");
        w.WriteLine("  -h, --help             Show command line help.");
        w.WriteLine();
        w.WriteLine("Exit codes: 0 every stage exited 0; the first failed stage's exit code; 1 Diver error; 130 interrupted.");
    }

    static DiverException Bad(string message) => new(ErrorCodes.BadCommandLine, message);
}
