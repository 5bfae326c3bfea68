using System.Diagnostics;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// -p:Scheduler=Slurm and dotnet diver submit/jobs/logs against the real cluster (two nodes, both this host) that
/// build/slurm-local.sh starts (build/test.sh starts it and exports SLURM_CONF).
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class SlurmTests(DiverWorkspace workspace)
{
    internal static void RequireCluster() =>
        Assert.True(Environment.GetEnvironmentVariable("SLURM_CONF") is { } conf && File.Exists(conf),
            "No Slurm cluster: run 'build/slurm-local.sh start' and export the SLURM_CONF it prints (build/test.sh does both).");

    AppProject App(string name, string mainC)
    {
        RequireCluster();
        var app = workspace.CreateApp(name);
        app.Write("main.c", mainC);
        return app;
    }

    [Fact]
    public void An_app_runs_as_a_job_step_with_its_output_and_exit_code()
    {
        var app = App("slurmapp", "#include <stdio.h>\nint main(int c, char **v) { printf(\"on slurm: %s\\n\", c > 1 ? v[1] : \"-\"); return 7; }\n");

        // The second step's QEMU is started ahead on the node by diver-prestart, from what the first recorded beside the staged net.
        foreach (var attempt in new[] { "first step", "second step" })
        {
            var run = app.Run(["-p:Scheduler=Slurm", "-p:Cpus=2"], guestArgs: ["hi"]);

            Assert.True(run.ExitCode == 7, attempt + ": " + run);
            Assert.Contains("on slurm: hi", run.StandardOutput);
            var staged = Directory.GetDirectories(Path.Combine(app.Directory, "slurm-staging", "nets")).Single();
            Assert.True(File.Exists(Path.Combine(staged, "slurmapp.net.json")));
            Assert.True(File.Exists(Path.Combine(staged, "diver.prestart")), attempt + " left no command for diver-prestart on the node");
        }
    }

    [Fact]
    public void ShowPlan_prints_the_srun_command_with_the_stage_resources()
    {
        var app = App("slurmplan", "int main(void) { return 0; }\n");

        var run = app.Run(["-p:Scheduler=Slurm", "-p:ShowPlan=true", "-p:Cpus=2", "-p:Memory=256M", "-p:SlurmPartition=debug", "-p:SlurmArgs=--exclusive"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"srun --job-name=diver:slurmplan --ntasks=1 --cpus-per-task=2 --mem=384M --partition=debug --quit-on-interrupt --kill-on-bad-exit=1 --exclusive \S+/diver-prestart \S+/diver\.prestart \S+/diver-\S+ run \S+/slurmplan.net.json --verify-image", run.StandardOutput);
    }

    [Fact]
    public void A_request_larger_than_the_node_is_refused_by_Slurm_and_said_clearly()
    {
        var app = App("slurmbig", "int main(void) { return 0; }\n");

        var run = app.Run(["-p:Scheduler=Slurm", "-p:Cpus=64"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error DIVER3902: Slurm refused to run slurmbig (64 CPUs", run.StandardError);
    }

    /// <summary>
    /// A controller that does not answer (the cluster is down, or SLURM_CONF names another) is named as
    /// the problem, for a step (srun) and a batch job (sbatch). srun's line starts like a refusal
    /// ("Unable to allocate resources: Unable to contact slurm controller"), which got DIVER3902's advice
    /// to ask for fewer cores, and sbatch's got DIVER3904 with the same advice.
    /// </summary>
    [Fact]
    public void A_controller_that_does_not_answer_is_named_as_the_problem()
    {
        var app = App("slurmdown", "int main(void) { return 0; }\n");
        var conf = Path.Combine(app.Directory, "down", "slurm.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(conf)!);
        File.WriteAllText(conf, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Environment.GetEnvironmentVariable("SLURM_CONF")!),
            @"(?m)^SlurmctldPort=.*$", $"SlurmctldPort={Infrastructure.V3Feed.FreePort.Pick()}"));
        var down = new Dictionary<string, string?> { ["SLURM_CONF"] = conf };

        var step = workspace.Dotnet.Run(app.Directory, ["run", "-p:Scheduler=Slurm", "-p:RunTimeout=120"], down);
        var batch = workspace.Tool.Run(app.Directory, down, "submit", app.NetDescription());

        foreach (var result in new[] { step, batch })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("error DIVER3903: Slurm's controller does not answer: ", result.StandardError);
            Assert.Contains("SLURM_CONF names its controller", result.StandardError);
            Assert.DoesNotContain("fewer Cpus", result.StandardError);
        }
    }

    [Fact]
    public void A_node_without_QEMU_says_so_with_a_code_and_names_the_node()
    {
        var app = App("slurmnoqemu", "int main(void) { return 0; }\n");

        var run = app.Run(["-p:Scheduler=Slurm", "-p:DiverQemu=/nonexistent/qemu-system-x86_64"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(@"error DIVER3002: .*\(Slurm job \d+ on node \S+\)", run.StandardError);
    }

    [Fact]
    public void A_tampered_staged_image_is_not_booted()
    {
        var app = App("slurmtamper", "int main(void) { return 0; }\n");
        Assert.True(app.Build().ExitCode == 0);
        var plan = workspace.Tool.Run(app.Directory, ["submit", app.NetDescription(), "--show-plan"]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var command = plan.StandardOutput.Trim().Split("--kill-on-bad-exit=1 ")[1].Split(' ');
        var staged = Directory.GetFiles(Path.Combine(app.Directory, "slurm-staging", "nets"), "slurmtamper.elf", SearchOption.AllDirectories).Single();
        using (var image = new FileStream(staged, FileMode.Open, FileAccess.ReadWrite))
        {
            image.Seek(200, SeekOrigin.Begin);
            var original = image.ReadByte();
            image.Seek(200, SeekOrigin.Begin);
            image.WriteByte((byte)(original ^ 0xff));
        }

        var run = Srun(command);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error DIVER3901: The image", run.StandardError);
        Assert.Matches(@"\(Slurm job \d+ on node \S+\)", run.StandardError);

        // As the message says: running again stages the image anew (same size, newer time: only its content tells).
        var again = app.Run(["--no-build", "-p:Scheduler=Slurm"]);
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public void Submit_returns_at_once_and_jobs_and_logs_find_the_job()
    {
        var app = App("slurmsubmit", "#include <stdio.h>\nint main(void) { printf(\"from a batch job\\n\"); return 0; }\n");
        Assert.True(app.Build().ExitCode == 0);

        var submit = workspace.Tool.Run(app.Directory, ["submit", app.NetDescription()]);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        var id = System.Text.RegularExpressions.Regex.Match(submit.StandardOutput, @"Slurm job (\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        WaitUntil(() => workspace.Tool.Run(app.Directory, ["jobs"]).StandardOutput.Split('\n').Any(l => l.StartsWith($"| {id} ", StringComparison.Ordinal) && l.Contains("| COMPLETED ")));
        var jobs = workspace.Tool.Run(app.Directory, ["jobs"]);
        Assert.Contains("slurmsubmit", jobs.StandardOutput);
        var logs = workspace.Tool.Run(app.Directory, ["logs", id]);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("from a batch job", logs.StandardOutput);
        var unknown = workspace.Tool.Run(app.Directory, ["logs", "999999"]);
        Assert.Contains("error DIVER3905", unknown.StandardError);
    }

    [Fact]
    public void A_pipeline_runs_its_steps_as_chained_jobs_and_a_failing_step_stops_its_dependents()
    {
        RequireCluster();
        var pipeline = workspace.CreateApp("slurmflow", "diver-pipeline");

        var run = pipeline.Run(["-p:Scheduler=Slurm"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[gen] gen: wrote 1000 numbers", run.StandardOutput);
        Assert.Contains("[sum] sum: 1000 numbers add up to 500500", run.StandardOutput);

        pipeline.Write("gen/main.c", "#include <stdio.h>\nint main(void) { printf(\"gen fails\\n\"); return 5; }\n");
        var failed = pipeline.Run(["-p:Scheduler=Slurm"]);

        Assert.True(failed.ExitCode == 5, failed.ToString());
        Assert.Matches(@"error DIVER3802: Stage 'gen' failed with exit code 5 on node \S+ \(Slurm job \d+", failed.StandardError);
        Assert.DoesNotContain("[sum]", failed.StandardOutput);
    }

    [Fact]
    public void Ctrl_C_cancels_the_step_and_leaves_no_job_and_no_QEMU()
    {
        var (app, run, launcher) = SpinningOnSlurm("slurmspin");
        using var _ = run;
        Process.Start("kill", ["-INT", launcher.ToString()])!.WaitForExit();

        Assert.Equal(130, run.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory, TimeSpan.FromSeconds(10)));
        WaitUntil(() => !Squeue().Contains("diver:slurmspin"));
    }

    [Fact]
    public void A_launcher_killed_outright_leaves_no_job_and_no_QEMU()
    {
        var (app, run, launcher) = SpinningOnSlurm("slurmorphan");
        using var _ = run;
        Process.Start("kill", ["-KILL", launcher.ToString()])!.WaitForExit();

        run.WaitForExit(TimeSpan.FromSeconds(60));
        WaitUntil(() => !Squeue().Contains("diver:slurmorphan"));
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory, TimeSpan.FromSeconds(10)));
    }

    /// <summary>SIGINT reaches the launcher's trap, which cancels; SIGKILL leaves that to the watcher it started (JobsCancelledOnDeath).</summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("KILL")]
    public void Interrupting_or_killing_a_pipeline_launcher_cancels_its_queued_and_running_jobs_and_leaves_no_QEMU(string signal)
    {
        RequireCluster();
        var name = $"slurmflow{signal.ToLowerInvariant()}";
        var pipeline = workspace.CreateApp(name, "diver-pipeline");
        pipeline.Write("gen/main.c", "#include <stdio.h>\nint main(void) { printf(\"gen spinning\\n\"); fflush(stdout); for (;;) { } }\n");
        Assert.True(pipeline.Build().ExitCode == 0);
        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:Scheduler=Slurm", "-p:RunTimeout=300"]);
        Assert.NotNull(run.WaitForLine(l => l.Contains("gen spinning"), TimeSpan.FromSeconds(120)));
        Assert.Contains($"diver:{name}/sum", Squeue());   // queued behind gen (afterok)

        var launcher = LauncherOf(pipeline.Directory);
        Assert.NotNull(launcher);
        Process.Start("kill", [$"-{signal}", launcher.Value.ToString()])!.WaitForExit();

        var exit = run.WaitForExit(TimeSpan.FromSeconds(60));
        if (signal == "INT") Assert.Equal(130, exit);
        WaitUntil(() => !Squeue().Contains($"diver:{name}"));
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory, TimeSpan.FromSeconds(10)));
    }

    internal static int? LauncherOf(string appDirectory)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (cmdline.Length > 2 && cmdline[1] == "slurm" && cmdline.Any(a => a.StartsWith(appDirectory, StringComparison.Ordinal)))
                    return pid;
            }
            catch (IOException) { }
        }
        return null;
    }

    internal static string Squeue() => RunTool("squeue", ["-h", "-o", "%j"]).StandardOutput;

    static CommandResult Srun(string[] command) => RunTool("srun", ["--ntasks=1", "--mem=256M", .. command]);

    static CommandResult RunTool(string tool, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output, error.Result);
    }

    /// <summary>An app that prints one line and spins, running through Slurm, with the pid of its launcher.</summary>
    (AppProject App, BackgroundRun Run, int Launcher) SpinningOnSlurm(string name)
    {
        var app = App(name, "#include <stdio.h>\nint main(void) { printf(\"spinning\\n\"); for (;;) { } }\n");
        Assert.True(app.Build().ExitCode == 0);
        var run = new BackgroundRun(workspace, app, ["--no-build", "-p:Scheduler=Slurm", "-p:RunTimeout=300"]);
        Assert.NotNull(run.WaitForLine(l => l.Contains("spinning"), TimeSpan.FromSeconds(120)));
        var launcher = LauncherOf(app.Directory);
        Assert.NotNull(launcher);
        return (app, run, launcher.Value);
    }

    internal static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for Slurm");
            Thread.Sleep(500);
        }
    }
}
