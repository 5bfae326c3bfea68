using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// Pipeline projects end to end: the diver-pipeline template's batch steps handing a file over in
/// SplitVM, the plan, a failing stage stopping its dependents, and every build-time refusal.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PipelineTests(DiverWorkspace workspace)
{
    [Fact]
    public void The_template_pipeline_hands_numbers_from_gen_to_sum()
    {
        var pipeline = workspace.CreateApp("flow", "diver-pipeline");

        var build = pipeline.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(pipeline.Directory, "bin", "Debug", "flow.pipeline.json")), build.ToString());
        Assert.True(File.Exists(Path.Combine(pipeline.Directory, "gen", "bin", "Debug", "gen.elf")), build.ToString());

        var run = pipeline.Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[gen] gen: wrote 1000 numbers", run.StandardOutput);
        Assert.Contains("[sum] sum: 1000 numbers add up to 500500", run.StandardOutput);
        Assert.True(run.StandardOutput.IndexOf("[gen]", StringComparison.Ordinal) < run.StandardOutput.IndexOf("[sum]", StringComparison.Ordinal), run.ToString());
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    [Fact]
    public void ShowPlan_prints_stages_cores_and_order_and_runs_nothing()
    {
        var pipeline = workspace.CreateApp("planned", "diver-pipeline");
        pipeline.EditProject(p => p.Replace("DependsOn=\"gen\"", "DependsOn=\"gen\" EstimatedSeconds=\"2\"").Replace("Args=\"1000\"", "Args=\"1000\" EstimatedSeconds=\"3\""));

        var run = pipeline.Run(["-p:ShowPlan=true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Pipeline plan: 2 stages in 2 groups", run.StandardOutput);
        Assert.Matches(@"(?m)^1\s+gen\s+Diver\.Kernel\.Nautilus\s+SplitVM\s+1\s+\S+\s+128 MiB\s+at 0 s", run.StandardOutput);
        Assert.Matches(@"(?m)^2\s+sum\s+.*at 3 s\s+after gen", run.StandardOutput);
        Assert.Contains("Predicted makespan 5 s", run.StandardOutput);
        Assert.False(File.Exists(Path.Combine(pipeline.Directory, "work", "numbers.txt")), "ShowPlan ran a stage");
    }

    [Fact]
    public void A_failing_stage_is_named_and_its_dependents_never_start()
    {
        var pipeline = workspace.CreateApp("failing", "diver-pipeline");
        pipeline.Write("gen/main.c", "#include <stdio.h>\nint main(void) { printf(\"gen gives up\\n\"); return 3; }\n");

        var run = pipeline.Run();

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("error DIVER3802: Stage 'gen' failed with exit code 3", run.StandardError);
        Assert.Contains("[gen] gen gives up", run.StandardOutput);
        Assert.DoesNotContain("[sum]", run.StandardOutput);
        Assert.DoesNotContain("starting stage sum", run.StandardError);
    }

    [Theory]
    [InlineData(2)]   // SIGINT: what an IDE's stop button or Ctrl-C sends
    [InlineData(9)]   // SIGKILL: nothing runs in dotnet run or the runner after it
    public void A_signal_to_dotnet_run_stops_every_stage(int signal)
    {
        var pipeline = workspace.CreateApp($"sigflow{signal}", "diver-pipeline");
        const string spin = "#include <stdio.h>\nint main(void) { printf(\"spinning\\n\"); for (;;) { } }\n";
        pipeline.Write("gen/main.c", spin);
        pipeline.Write("sum/main.c", spin);
        // Two independent steps in VM mode, so both run at once on a two-core host.
        pipeline.EditProject(p => p.Replace(" DependsOn=\"gen\"", "").Replace(" DeployMode=\"SplitVM\"", ""));
        Assert.Equal(0, pipeline.Build().ExitCode);

        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:RunTimeout=300"]);
        Assert.NotNull(run.WaitForLine(l => l.Contains("[sum] spinning"), TimeSpan.FromMinutes(2)));
        Assert.NotNull(run.WaitForLine(l => l.Contains("[gen] spinning"), TimeSpan.FromMinutes(2)));
        Assert.Equal(2, QemuProcesses.Mentioning(pipeline.Directory).Count);

        Assert.Equal(0, kill(run.Id, signal));

        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory, TimeSpan.FromSeconds(30)));
        Assert.NotNull(run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int kill(int pid, int signal);

    [Theory]
    [InlineData("DIVER1604", "<Stage Include=\"gen/gen.diverproj\" DependsOn=\"sum\" />\n<Stage Include=\"sum/sum.diverproj\" DependsOn=\"gen\" />", "gen -> sum -> gen")]
    [InlineData("DIVER1603", "<Stage Include=\"gen/gen.diverproj\" />\n<Stage Include=\"sum/sum.diverproj\" Input=\"generator\" />", "Input=\"generator\"")]
    [InlineData("DIVER1607", "<Stage Include=\"nothing/here.diverproj\" />", "nothing/here.diverproj does not exist")]
    // DIVER1606 (a streamed stage on a kernel without channels) needs such a kernel: PipelineChannelTests.
    [InlineData("DIVER1608", "<Stage Include=\"other/other.csproj\" />", "is not a Diver app project")]
    public void Bad_pipelines_fail_the_build_with_a_code_on_the_project_file(string code, string stages, string expected)
    {
        var pipeline = workspace.CreateApp("bad" + code[^2..], "diver-pipeline");
        pipeline.Write("other/other.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        pipeline.EditProject(p => System.Text.RegularExpressions.Regex.Replace(p, "(?s)<ItemGroup>.*</ItemGroup>", $"<ItemGroup>\n{stages}\n</ItemGroup>"));

        var build = pipeline.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{pipeline.ProjectFile}", build.StandardOutput);
        Assert.Contains($"error {code}:", build.StandardOutput);
        Assert.Contains(expected, build.StandardOutput);
        Assert.DoesNotContain("DIVER9999", build.StandardOutput);
    }
}
