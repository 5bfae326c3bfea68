using System.Globalization;
using Diver.Nets;
using Diver.Pipelines;
using Diver.Qemu;
using Diver.Text;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Writes &lt;name&gt;.pipeline.json for a pipeline project: each <c>Stage</c> item joined with the
/// net its project built, its resources (the item's, else the net's defaults) and its edges,
/// checked by <see cref="PipelineGraph"/> so a cycle or an unknown Input fails the build, not the run.
/// </summary>
public sealed class DescribePipeline : DiverTask
{
    /// <summary>The pipeline's Stage items, as written, with their metadata.</summary>
    [Required] public ITaskItem[] Stages { get; set; } = [];
    /// <summary>What each stage project's GetDiverNetInfo target returned: the net path, with ProjectPath and KernelConfig.</summary>
    public ITaskItem[] StageNets { get; set; } = [];
    [Required] public string PipelineName { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    /// <summary>The pipeline project's folder: relative SplitVMRoot metadata is relative to it.</summary>
    [Required] public string ProjectDirectory { get; set; } = "";
    /// <summary>
    /// Check names, kinds and edges before the stages build (their nets may not exist yet), so a
    /// bad pipeline fails in seconds; the kernels' channel support is checked in the second call.
    /// </summary>
    public bool CheckOnly { get; set; }

    protected override void Run()
    {
        var stages = Stages.Select(Describe).ToList();
        var description = new PipelineDescription { Name = PipelineName, Stages = stages };
        // Names and edges only here: host cores are the launcher's planning, not the build's.
        PipelineGraph.Build(description.ToStages(_ => 0));
        if (CheckOnly) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        description.Save(OutputFile);
    }

    PipelineStageDescription Describe(ITaskItem item)
    {
        var project = item.GetMetadata("FullPath");
        var name = Metadata(item, "Name") ?? Path.GetFileNameWithoutExtension(project);
        var info = StageNets.FirstOrDefault(n =>
            string.Equals(n.GetMetadata("ProjectPath"), project, StringComparison.Ordinal)
            && string.Equals(n.GetMetadata("RequestedKernelConfig"), item.GetMetadata("KernelConfig"), StringComparison.Ordinal));
        if (info is null || !string.Equals(info.GetMetadata("DiverProjectKind"), "App", StringComparison.OrdinalIgnoreCase))
            throw new DiverException(ErrorCodes.PipelineStageNotAnApp,
                $"Stage '{name}' ({item.ItemSpec}) is not a Diver app project{(info is null ? "" : $" (it is a {info.GetMetadata("DiverProjectKind")} project)")}. " +
                "A stage must be a project on Diver.Sdk that builds a net, such as one made by 'dotnet new diver-nautilus'.");
        // Before the build the net may not exist: describe the stage from its item alone.
        var net = CheckOnly ? null : NetDescription.Load(info.ItemSpec);
        var asked = (Metadata(item, "DeployMode") ?? DeployModes.Default).Trim();
        // Spelled as the kernel's manifest spells it (MSBuild names match case-insensitively); the launcher
        // refuses a name it does not know when the stage starts.
        var mode = net?.DeployModes.FirstOrDefault(m => string.Equals(m, asked, StringComparison.OrdinalIgnoreCase)) ?? asked;
        if (net is not null && net.DeployModes.Count > 0 && !net.DeployModes.Contains(mode, StringComparer.Ordinal))
            throw new DiverException(ErrorCodes.DeployModeNotInKernel,
                $"Stage '{name}' asks for DeployMode={asked}, but its kernel {net.Kernel.Id} supports {string.Join(", ", net.DeployModes)}. Choose one of those.");
        return new PipelineStageDescription
        {
            Name = name,
            Net = Path.GetFullPath(info.ItemSpec),
            Project = project,
            Kernel = net?.Kernel.Id ?? "",
            Channels = net?.Channels ?? true,
            Args = SplitArgs(name, Metadata(item, "Args")),
            Cpus = Metadata(item, "Cpus") is { } cpus ? VcpuCount.Parse(cpus) : net?.Machine.Cpus ?? 1,
            Memory = Metadata(item, "Memory") is { } memory ? MemorySize.Parse(memory).ToQemuArgument() : net?.Machine.Memory ?? "128M",
            DeployMode = mode,
            RunTimeout = Seconds(name, "RunTimeout", Metadata(item, "RunTimeout")),
            EstimatedSeconds = Seconds(name, "EstimatedSeconds", Metadata(item, "EstimatedSeconds")),
            SplitVMRoot = Metadata(item, "SplitVMRoot") is { } root ? Path.GetFullPath(root, ProjectDirectory) : info.GetMetadata("SplitVMRoot"),
            Inputs = List(item, "Input"),
            DependsOn = List(item, "DependsOn"),
        };
    }

    static string? Metadata(ITaskItem item, string name) =>
        item.GetMetadata(name) is { Length: > 0 } value && value.Trim().Length > 0 ? value.Trim() : null;

    static IReadOnlyList<string> List(ITaskItem item, string name) =>
        Metadata(item, name)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    static IReadOnlyList<string> SplitArgs(string stage, string? args)
    {
        try
        {
            return args is null ? [] : ShellQuote.Split(args);
        }
        catch (FormatException e)
        {
            throw new DiverException(ErrorCodes.BadResource, $"Stage '{stage}' has Args with an {e.Message}. Close the quote.");
        }
    }

    static double? Seconds(string stage, string metadata, string? text)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
            return seconds;
        throw new DiverException(ErrorCodes.BadResource,
            $"Stage '{stage}' has {metadata}=\"{text}\", which is not a number of seconds. Use for example {metadata}=\"30\".");
    }
}
