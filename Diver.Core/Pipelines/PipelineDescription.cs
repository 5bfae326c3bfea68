using System.Text.Json;
using Diver.Qemu;

namespace Diver.Pipelines;

/// <summary>
/// <c>&lt;name&gt;.pipeline.json</c>, written by the build of a pipeline project: every stage's
/// built net, its resources and its edges. The launcher plans and runs the pipeline from it alone.
/// </summary>
public sealed record PipelineDescription
{
    public const string FileSuffix = ".pipeline.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public string Name { get; set; } = "";
    public IReadOnlyList<PipelineStageDescription> Stages { get; set; } = [];

    public static PipelineDescription Load(string path) =>
        BuildOutputFile.Load(path, DiverJsonContext.Default.PipelineDescription, "pipeline", "the pipeline project");

    public void Save(string path) => BuildOutputFile.Save(path, this, DiverJsonContext.Default.PipelineDescription);

    /// <summary>
    /// The stages as the planner sees them (names, edges, resources), in declared order.
    /// <paramref name="extraHostCores"/> tells the host cores a deploy mode adds beside the vCPUs
    /// (the launcher's modes know; Diver.Cli/Modes).
    /// </summary>
    public IReadOnlyList<PipelineStage> ToStages(Func<string, int> extraHostCores) => [.. Stages.Select(s => s.ToStage(extraHostCores))];
}

/// <summary>One stage: the net to boot and how to run it. Cpus and Memory are the stage's own or its net's defaults.</summary>
public sealed record PipelineStageDescription
{
    public string Name { get; set; } = "";
    /// <summary>The stage's .net.json, absolute.</summary>
    public string Net { get; set; } = "";
    public string Project { get; set; } = "";
    public string Kernel { get; set; } = "";
    public bool Channels { get; set; }
    public IReadOnlyList<string> Args { get; set; } = [];
    public int Cpus { get; set; } = 1;
    public string Memory { get; set; } = "128M";
    public string DeployMode { get; set; } = DeployModes.Default;
    public double? RunTimeout { get; set; }
    public double? EstimatedSeconds { get; set; }
    public string? SplitVMRoot { get; set; }
    public IReadOnlyList<string> Inputs { get; set; } = [];
    public IReadOnlyList<string> DependsOn { get; set; } = [];

    public PipelineStage ToStage(Func<string, int> extraHostCores) => new(Name)
    {
        Inputs = Inputs,
        DependsOn = DependsOn,
        Cpus = Cpus,
        MemoryBytes = MemorySize.Parse(Memory).Bytes,
        // Spelled as the build checked it (DescribePipeline); the launcher's modes answer for it below.
        Mode = DeployMode,
        ExtraHostCores = extraHostCores(DeployMode),
        EstimatedSeconds = EstimatedSeconds,
        Kernel = Kernel,
        SupportsChannels = Channels,
    };
}
