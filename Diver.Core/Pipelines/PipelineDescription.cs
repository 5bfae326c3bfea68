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

    public static PipelineDescription Load(string path)
    {
        if (!File.Exists(path))
            throw new DiverException(ErrorCodes.NetMissing,
                $"No pipeline at {path}. Build the pipeline project first with 'dotnet build'.");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, DiverJsonContext.Default.PipelineDescription)
                   ?? throw new JsonException("empty file");
        }
        catch (JsonException e)
        {
            throw new DiverException(ErrorCodes.NetMissing,
                $"The pipeline description {path} is unreadable ({e.Message}). Rebuild the pipeline project with 'dotnet build'.");
        }
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, DiverJsonContext.Default.PipelineDescription);
    }

    /// <summary>The stages as the planner sees them (names, edges, resources), in declared order.</summary>
    public IReadOnlyList<PipelineStage> ToStages() => [.. Stages.Select(s => s.ToStage())];
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
    public string DeployMode { get; set; } = nameof(Qemu.DeployMode.VM);
    public double? RunTimeout { get; set; }
    public double? EstimatedSeconds { get; set; }
    public string? SplitVMRoot { get; set; }
    public IReadOnlyList<string> Inputs { get; set; } = [];
    public IReadOnlyList<string> DependsOn { get; set; } = [];

    public PipelineStage ToStage() => new(Name)
    {
        Inputs = Inputs,
        DependsOn = DependsOn,
        Cpus = Cpus,
        MemoryBytes = MemorySize.Parse(Memory).Bytes,
        Mode = DeployModes.Parse(DeployMode),
        EstimatedSeconds = EstimatedSeconds,
        Kernel = Kernel,
        SupportsChannels = Channels,
    };
}
