using Diver.Cli.Run;
using Diver.Cli.SplitVm;
using Diver.Pipelines;

namespace Diver.Cli.Modes;

/// <summary>
/// SplitVM: guest RAM shared with the host, the kernel's vCPUs and a forwarding proxy on disjoint
/// host cores, forwarded file calls confined to a sandbox folder (Diver.Cli/SplitVm holds the parts).
/// </summary>
internal sealed class SplitVmMode : IDeployMode
{
    static readonly RunOption Sandbox = new("--sandbox", RunOptionKind.Value, "SplitVM: folder forwarded files are confined to")
    {
        ValueName = "<DIR>", MsBuildProperty = "SplitVMRoot", Default = $"default: {SplitVmPlan.DefaultSandboxFolder} beside the net",
    };
    static readonly RunOption ProxyCpus = new("--proxy-cpus", RunOptionKind.Value, "SplitVM: host cores for the proxy, e.g. 1 or 2-3")
    {
        ValueName = "<LIST>", MsBuildProperty = "ProxyCpus", Default = "default: the last core",
    };
    static readonly RunOption ForwardTrace = new("--forward-trace", RunOptionKind.Switch, "SplitVM: trace every forwarded call; histogram and SVG chart on exit")
    {
        ValueName = "<BOOL>", MsBuildProperty = "ForwardTrace",
    };

    public string Name => "SplitVM";
    public IReadOnlyList<RunOption> Options => [Sandbox, ProxyCpus, ForwardTrace];
    // The proxy polls the ring: a core's worth of work, not a sleeping thread.
    public int ExtraHostCores => 1;
    public bool PartitionsHost => true;

    public IModePlan Plan(ModeRequest request) =>
        SplitVmPlan.Create(Sandbox.ValueIn(request.Options), ProxyCpus.ValueIn(request.Options), ForwardTrace.IsOnIn(request.Options),
            request.Options.NetPath, request.Net.Name, request.HostCores(), (ulong)Random.Shared.NextInt64());

    public IEnumerable<string> StageArguments(PipelineStageDescription stage) =>
        stage.SplitVMRoot is { } root ? [Sandbox.Name, root] : [];
}
