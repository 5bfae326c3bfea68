using Diver.Cli.Commands;
using Diver.Cli.Modes;
using Diver.Cli.Run;
using Diver.Pipelines;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

/// <summary>
/// Deploy modes are units listed once: `run`'s parser and help come from the option declarations,
/// and a mode registered in a registry instance plugs into parsing, help and launch planning with
/// no other edit.
/// </summary>
public class DeployModeRegistryTests
{
    /// <summary>A value each built-in option accepts; a new option without one fails <see cref="EveryDeclaredOptionParsesAndChangesTheOptions"/>.</summary>
    static readonly Dictionary<string, string?> Samples = new()
    {
        ["--mode"] = "SplitVM", ["--cpus"] = "2", ["--memory"] = "1G", ["--timeout"] = "3", ["--accel"] = "tcg",
        ["--sandbox"] = "/tmp/box", ["--proxy-cpus"] = "1", ["--forward-trace"] = "yes",
        ["--timeslice"] = "5ms", ["--idle"] = "halt", ["--channel-in"] = "3", ["--channel-out"] = "4", ["--qemu"] = "/opt/qemu",
        ["--quiet"] = null, ["--print-command"] = null, ["--verify-image"] = null, ["--exit-with-parent"] = null,
        ["--inherit-verbosity"] = null, ["--wait-for-debugger"] = null, ["--gdb-port"] = "1234", ["--machine"] = "pc", ["--help"] = null,
        ["--cokernel-cores"] = "3",
    };

    static IEnumerable<RunOption> Declared(DeployModeRegistry registry) => RunOptionTable.For(registry);

    public static TheoryData<string> BuiltinOptionNames() => [.. Declared(DeployModeRegistry.Builtin).Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(BuiltinOptionNames))]
    public void EveryDeclaredOptionParsesAndChangesTheOptions(string name)
    {
        var option = Declared(DeployModeRegistry.Builtin).Single(o => o.Name == name);
        Assert.True(Samples.TryGetValue(name, out var sample), $"no sample value for {name}: add one to Samples");
        var baseline = RunOptionsParser.Parse(["n.net.json"]);
        string[] args = option.Kind == RunOptionKind.Flag ? ["n.net.json", name] : ["n.net.json", name, sample!];
        var parsed = RunOptionsParser.Parse(args);
        Assert.NotEqual(baseline, parsed);
        if (option.Kind != RunOptionKind.Flag)
            AssertSame(parsed, RunOptionsParser.Parse(["n.net.json", $"{name}={sample}"]));
    }

    /// <summary>Records compare dictionaries by reference: compare the mode values by content.</summary>
    static void AssertSame(RunOptions expected, RunOptions actual)
    {
        Assert.Equal(expected with { ModeValues = expected.ModeValues.Clear() }, actual with { ModeValues = actual.ModeValues.Clear() });
        Assert.Equal(expected.ModeValues.OrderBy(p => p.Key), actual.ModeValues.OrderBy(p => p.Key));
    }

    [Fact]
    public void HelpShowsEveryVisibleDeclarationAndNoHiddenOne()
    {
        var help = Help(DeployModeRegistry.Builtin);
        foreach (var option in Declared(DeployModeRegistry.Builtin))
        {
            if (option.Hidden)
                Assert.DoesNotContain(option.Name + " ", help);
            else
                Assert.Contains(option.HelpLine + Environment.NewLine, help);
        }
        Assert.Contains("  --mode <MODE>          Deploy mode: VM, SplitVM (default VM).", help);
        Assert.Contains("  --sandbox <DIR>        SplitVM: folder forwarded files are confined to (default: splitvm-root beside the net).", help);
        Assert.Contains("  -q, --quiet            Do not print the boot line.", help);
        Assert.Contains("      --print-command    Print the QEMU command line instead of booting.", help);
    }

    [Fact]
    public void EveryOptionNameIsDeclaredOnce()
    {
        var names = Declared(DeployModeRegistry.Builtin).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--quiet=1")]
    [InlineData("--cokernel-cores=2")]
    public void AnOptionNoDeclarationAnswersIsDiver3010(string arg)
    {
        var e = Assert.Throws<DiverException>(() => RunOptionsParser.Parse(["n.net.json", arg]));
        Assert.Equal(ErrorCodes.BadCommandLine, e.Code);
        Assert.StartsWith($"Unknown option '{arg.Split('=')[0]}' for 'run'.", e.Message);
    }

    [Fact]
    public void ASwitchThatIsNotABooleanIsDiver3010() =>
        Assert.Equal("Option '--forward-trace' takes true or false, not 'often'.",
            Assert.Throws<DiverException>(() => RunOptionsParser.Parse(["n.net.json", "--forward-trace", "often"])).Message);

    [Fact]
    public void TheBuildsDefaultModeIsTheLaunchersDefault() =>
        Assert.Equal(DeployModes.Default, DeployModeRegistry.Builtin.Default.Name);

    [Fact]
    public void TheSdkForwardsEveryDeclaredProperty()
    {
        var targets = Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "Diver.Sdk", "Sdk"), "*.targets").SelectMany(File.ReadLines).ToList();
        foreach (var option in Declared(DeployModeRegistry.Builtin).Where(o => o.MsBuildProperty is not null))
            Assert.True(targets.Any(l => l.Contains($"$({option.MsBuildProperty})", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(l, $@"(?<![\w-]){option.Name}(?![\w-])")),
                $"no line of Diver.Sdk/Sdk/*.targets passes $({option.MsBuildProperty}) as {option.Name}");
    }

    [Fact]
    public void SplitVmAsksForItsProxyCoreAndPassesAStagesSandbox()
    {
        var split = DeployModeRegistry.Builtin.Parse("splitvm");
        Assert.Equal(1, split.ExtraHostCores);
        Assert.Equal(0, DeployModeRegistry.Builtin.ExtraHostCores("VM"));
        Assert.Equal(["--sandbox", "/p/root"], split.StageArguments(new PipelineStageDescription { DeployMode = "SplitVM", SplitVMRoot = "/p/root" }));
        Assert.Empty(DeployModeRegistry.Builtin.Default.StageArguments(new PipelineStageDescription { SplitVMRoot = "/p/root" }));
    }

    // A third mode, as a co-kernel mode might be: one class and one registry entry, nothing else.
    sealed class CoKernelMode : IDeployMode
    {
        public static readonly RunOption Cores = new("--cokernel-cores", RunOptionKind.Value, "CoKernel: host cores the co-kernel takes") { ValueName = "<N>", Default = "default 1" };
        public string Name => "CoKernel";
        public IReadOnlyList<RunOption> Options => [Cores];
        public int ExtraHostCores => 2;
        public bool PartitionsHost => true;
        public IModePlan Plan(ModeRequest request) => new CoKernelPlan(Cores.ValueIn(request.Options) ?? "1");
        public IEnumerable<string> StageArguments(PipelineStageDescription stage) => [Cores.Name, "2"];
    }

    sealed record CoKernelPlan(string Cores) : IModePlan
    {
        public IEnumerable<string> KernelOptions => [$"diver.cokernel={Cores}"];
        public string Summary => $"diver: CoKernel on {Cores} cores";
        public QemuCommand Shape(QemuCommand command) => command with { ExtraArguments = [.. command.ExtraArguments, "-cokernel"] };
        public IModeSession Start(QemuCommand command) => throw new NotSupportedException("planning only");
    }

    static readonly DeployModeRegistry WithCoKernel = new([new VmMode(), new SplitVmMode(), new CoKernelMode()]);

    [Fact]
    public void ARegisteredModeParsesWithItsOptions()
    {
        var options = RunOptionsParser.Parse(["n.net.json", "--mode", "cokernel", "--cokernel-cores", "3"], WithCoKernel);
        Assert.IsType<CoKernelMode>(options.Mode);
        Assert.Equal("3", CoKernelMode.Cores.ValueIn(options));
        // The built-in registry does not know it: its own error, naming the modes it does know.
        var e = Assert.Throws<DiverException>(() => RunOptionsParser.Parse(["n.net.json", "--mode", "cokernel"]));
        Assert.Equal(ErrorCodes.UnknownDeployMode, e.Code);
        Assert.Equal("Unknown deploy mode 'cokernel'. Valid modes: VM, SplitVM.", e.Message);
    }

    [Fact]
    public void ARegisteredModeShowsInHelp()
    {
        var help = Help(WithCoKernel);
        Assert.Contains("  --mode <MODE>          Deploy mode: VM, SplitVM, CoKernel (default VM).", help);
        Assert.Contains("  --cokernel-cores <N>   CoKernel: host cores the co-kernel takes (default 1).", help);
        Assert.DoesNotContain("--cokernel-cores", Help(DeployModeRegistry.Builtin));
    }

    [Fact]
    public void ARegisteredModeShapesTheLaunchAndThePipelinePlan()
    {
        var options = RunOptionsParser.Parse(["/nets/hello.net.json", "--mode", "CoKernel", "--cokernel-cores", "3", "--", "x"], WithCoKernel);
        var plan = LaunchPlan.Create(options, LaunchPlanTests.Net with { DeployModes = ["VM", "CoKernel"] }, "/nets/hello.elf",
            () => KvmAvailability.NoDevice, "qemu", "/tmp/c.log");
        Assert.Equal<string>(["diver.cokernel=3", "--", "hello", "x"], plan.Command.GuestArguments);
        Assert.Equal("-cokernel", plan.Command.ToArguments()[^1]);
        Assert.Contains(" in CoKernel mode ", plan.Banner);
        Assert.Equal("diver: CoKernel on 3 cores", plan.ModePlan!.Summary);

        var pipeline = new PipelineDescription { Stages = [new() { Name = "a", Cpus = 2, DeployMode = "CoKernel" }] };
        Assert.Equal(4, Assert.Single(pipeline.ToStages(WithCoKernel.ExtraHostCores)).HostCores);
    }

    static string Help(DeployModeRegistry registry)
    {
        var w = new StringWriter();
        HelpText.WriteRun(w, registry);
        return w.ToString();
    }
}
