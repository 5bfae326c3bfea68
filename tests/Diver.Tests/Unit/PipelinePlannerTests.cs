using Diver.Pipelines;
using Diver.Qemu;

namespace Diver.Tests.Unit;

public sealed class PipelinePlannerTests
{
    const long Mib = 1024 * 1024;
    static readonly HostResources FourCores = new(4, 8192 * Mib);

    static PipelineStage Stage(string name, string? input = null, string? dependsOn = null, int cpus = 1, double? seconds = null) =>
        new(name)
        {
            Inputs = input is null ? [] : input.Split(';'),
            DependsOn = dependsOn is null ? [] : dependsOn.Split(';'),
            Cpus = cpus,
            EstimatedSeconds = seconds,
        };

    static PipelinePlan Plan(HostResources host, params PipelineStage[] stages) =>
        PipelinePlanner.Plan(PipelineGraph.Build(stages), host);

    [Fact]
    public void Streamed_stages_start_together_on_disjoint_cores()
    {
        var plan = Plan(FourCores, Stage("gen"), Stage("evens", input: "gen", cpus: 2), Stage("sum", input: "evens"));

        var only = Assert.Single(plan.Starts);
        Assert.Equal(["gen", "evens", "sum"], only.Start.Group.Stages.Select(s => s.Name));
        Assert.False(only.Start.SharesCores);
        var cores = only.Start.Group.Stages.SelectMany(only.Start.CoresOf).ToList();
        Assert.Equal([0, 1, 2, 3], cores);
    }

    [Fact]
    public void A_SplitVM_stage_gets_a_core_for_its_proxy()
    {
        var splitVm = Stage("evens", input: "gen", cpus: 2) with { Mode = "SplitVM", ExtraHostCores = 1 };
        var plan = Plan(new HostResources(8, 8192 * Mib), Stage("gen"), splitVm);

        var start = Assert.Single(plan.Starts).Start;
        Assert.Equal([1, 2, 3], start.CoresOf(start.Group.Stages[1]));
    }

    [Fact]
    public void A_stream_wider_than_the_host_shares_every_core_and_says_so()
    {
        var plan = Plan(new HostResources(2, 8192 * Mib), Stage("a", cpus: 2), Stage("b", input: "a", cpus: 2));

        var start = Assert.Single(plan.Starts).Start;
        Assert.True(start.SharesCores);
        Assert.Equal([0, 1], start.Cores);
        Assert.Contains("Shared: a + b want 4 cores", plan.Render());
    }

    [Fact]
    public void Fan_in_and_fan_out_make_one_group()
    {
        var graph = PipelineGraph.Build([Stage("a"), Stage("b"), Stage("both", input: "a;b"), Stage("x", input: "both"), Stage("y", input: "both")]);

        Assert.Single(graph.Groups);
        Assert.Equal(["x", "y"], graph.TerminalStages.Select(s => s.Name));
    }

    [Fact]
    public void DependsOn_steps_start_after_their_dependencies_and_never_share_a_core()
    {
        var plan = Plan(new HostResources(2, 8192 * Mib),
            Stage("fetch", seconds: 2), Stage("left", dependsOn: "fetch", seconds: 3), Stage("right", dependsOn: "fetch", seconds: 3),
            Stage("join", dependsOn: "left;right", seconds: 1));

        var at = plan.Starts.ToDictionary(s => s.Start.Group.Label, s => s.StartSeconds!.Value);
        Assert.Equal(0, at["fetch"]);
        Assert.Equal(2, at["left"]);
        Assert.Equal(2, at["right"]);
        Assert.Equal(5, at["join"]);
        Assert.Equal(6, plan.PredictedMakespan);
        AssertValid(plan);
    }

    [Fact]
    public void The_critical_path_starts_first()
    {
        // One core: the short step whose successor is long goes before the longer lone step, and so does its successor.
        var plan = Plan(new HostResources(1, 8192 * Mib),
            Stage("lone", seconds: 5), Stage("head", seconds: 1), Stage("tail", dependsOn: "head", seconds: 10));

        Assert.Equal(["head", "tail", "lone"], plan.Starts.Select(s => s.Start.Group.Label));
    }

    [Fact]
    public void Among_equal_chains_the_longest_work_goes_first()
    {
        var plan = Plan(new HostResources(1, 8192 * Mib), Stage("short", seconds: 1), Stage("long", seconds: 4), Stage("mid", seconds: 2));

        Assert.Equal(["long", "mid", "short"], plan.Starts.Select(s => s.Start.Group.Label));
    }

    [Fact]
    public void A_random_DAG_of_twenty_steps_lands_within_ten_percent_of_the_lower_bound()
    {
        var random = new Random(20261203);
        var stages = new List<PipelineStage>();
        for (var i = 0; i < 20; i++)
        {
            var deps = Enumerable.Range(0, i).Where(_ => random.NextDouble() < 0.12).Select(d => $"s{d}").ToList();
            stages.Add(Stage($"s{i}", dependsOn: deps.Count > 0 ? string.Join(';', deps) : null, seconds: 1 + random.Next(10)));
        }

        var plan = Plan(FourCores, [.. stages]);

        AssertValid(plan);
        Assert.InRange(plan.PredictedMakespan!.Value, plan.LowerBound!.Value, plan.LowerBound.Value * 1.1);
    }

    [Fact]
    public void Without_estimates_the_plan_gives_an_order_and_no_times()
    {
        var plan = Plan(FourCores, Stage("a"), Stage("b", dependsOn: "a"));

        Assert.Null(plan.PredictedMakespan);
        var text = plan.Render();
        Assert.Contains("at once", text);
        Assert.Contains("after its DependsOn exit 0", text);
    }

    [Theory]
    [InlineData("DIVER1601")]
    [InlineData("DIVER1602")]
    [InlineData("DIVER1603")]
    [InlineData("DIVER1604")]
    [InlineData("DIVER1605")]
    [InlineData("DIVER1606")]
    public void Bad_pipelines_are_refused_with_their_code(string code)
    {
        PipelineStage[] stages = code switch
        {
            "DIVER1601" => [],
            "DIVER1602" => [Stage("a"), Stage("A")],
            "DIVER1603" => [Stage("a", input: "nowhere")],
            "DIVER1604" => [Stage("a", dependsOn: "c"), Stage("b", input: "a"), Stage("c", dependsOn: "b")],
            "DIVER1605" => [Stage("a"), Stage("b", input: "a"), Stage("c", input: "b", dependsOn: "a")],
            _ => [Stage("a") with { SupportsChannels = false, Kernel = "Old.Kernel" }, Stage("b", input: "a")],
        };

        var error = Assert.Throws<DiverException>(() => PipelineGraph.Build(stages));

        Assert.Equal(code, error.Code);
        if (code == "DIVER1604") Assert.Contains("a -> c -> b -> a", error.Message);
        if (code == "DIVER1606") Assert.Contains("Old.Kernel", error.Message);
    }

    [Fact]
    public void A_kernel_without_channels_may_still_run_as_a_batch_step()
    {
        var plan = Plan(FourCores, Stage("a") with { SupportsChannels = false }, Stage("b", dependsOn: "a"));

        Assert.Equal(2, plan.Starts.Count);
    }

    [Fact]
    public void A_stream_that_needs_more_memory_than_the_host_has_is_refused()
    {
        var big = Stage("a") with { MemoryBytes = 6000 * Mib };
        var error = Assert.Throws<DiverException>(() => Plan(new HostResources(4, 8192 * Mib), big, Stage("b", input: "a") with { MemoryBytes = 4000 * Mib }));

        Assert.Equal(ErrorCodes.PipelineDoesNotFit, error.Code);
    }

    /// <summary>Dependencies respected, and no core held by two groups at overlapping times.</summary>
    static void AssertValid(PipelinePlan plan)
    {
        var byGroup = plan.Starts.ToDictionary(s => s.Start.Group.Index);
        foreach (var planned in plan.Starts)
        {
            foreach (var predecessor in planned.Start.Group.Predecessors)
                Assert.True(byGroup[predecessor].FinishSeconds <= planned.StartSeconds, $"{planned.Start.Group.Label} started before a dependency ended");
            foreach (var other in plan.Starts.Where(o => o.Order > planned.Order))
            {
                var overlap = other.StartSeconds < planned.FinishSeconds && planned.StartSeconds < other.FinishSeconds;
                if (overlap)
                    Assert.Empty(planned.Start.Cores.Intersect(other.Start.Cores));
            }
        }
    }
}
