using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Modes;

/// <summary>
/// A deploy mode: how a net is booted. Everything a mode adds to a launch lives in its one
/// implementation, listed once in <see cref="DeployModeRegistry"/>; run, test, pipeline stages and
/// Slurm ask the mode instead of naming it (docs/deploy-modes.md).
/// </summary>
internal interface IDeployMode
{
    /// <summary>What -p:DeployMode and --mode take (case-insensitively) and kernel manifests list.</summary>
    string Name { get; }

    /// <summary>The mode's own `run` options: parsed, shown in help and forwarded by the SDK from their declarations.</summary>
    IReadOnlyList<RunOption> Options { get; }

    /// <summary>Host cores the mode keeps busy beside the guest's vCPUs (Slurm requests them, the pipeline planner counts them).</summary>
    int ExtraHostCores { get; }

    /// <summary>Whether one boot divides the host's cores for itself, so `test` boots one VM at a time.</summary>
    bool PartitionsHost { get; }

    /// <summary>Decides the mode's side of one launch before anything starts; null when the mode adds nothing.</summary>
    IModePlan? Plan(ModeRequest request);

    /// <summary>Launcher options a pipeline stage in this mode passes to its `run`, from the stage's description.</summary>
    IEnumerable<string> StageArguments(PipelineStageDescription stage);
}
