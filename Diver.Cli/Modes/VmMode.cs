using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Modes;

/// <summary>A plain QEMU microvm: KVM when /dev/kvm works, TCG otherwise. Adds nothing to a launch.</summary>
internal sealed class VmMode : IDeployMode
{
    public string Name => "VM";
    public IReadOnlyList<RunOption> Options => [];
    public int ExtraHostCores => 0;
    public bool PartitionsHost => false;
    public IModePlan? Plan(ModeRequest request) => null;
    public IEnumerable<string> StageArguments(PipelineStageDescription stage) => [];
}
