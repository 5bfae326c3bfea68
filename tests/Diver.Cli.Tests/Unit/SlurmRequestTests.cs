using Diver.Cli.Slurm;

namespace Diver.Cli.Tests.Unit;

public sealed class SlurmRequestTests
{
    static readonly SlurmRequest Request = new("hello", 3, 256, ["/s/bin/diver", "run", "/s/nets/hello.net.json", "--verify-image"]);

    [Fact]
    public void Srun_asks_for_the_stage_cores_and_memory_plus_QEMU_and_cancels_on_one_interrupt()
    {
        var args = Request.SrunArguments(new SlurmSettings { Partition = "debug", Account = "lab", TimeLimit = "10", ExtraArguments = ["--exclusive"] });

        Assert.Equal(
            ["--job-name=diver:hello", "--ntasks=1", "--cpus-per-task=3", "--mem=384M", "--partition=debug", "--account=lab", "--time=10",
             "--quit-on-interrupt", "--kill-on-bad-exit=1", "--exclusive", "/s/bin/diver", "run", "/s/nets/hello.net.json", "--verify-image"],
            args);
    }

    [Fact]
    public void Sbatch_chains_on_afterok_writes_one_log_and_wraps_the_command()
    {
        var args = (Request with { AfterOk = ["17", "18"] }).SbatchArguments(new SlurmSettings(), "/s/logs/hello-%j.out");

        Assert.Contains("--parsable", args);
        Assert.Contains("--output=/s/logs/hello-%j.out", args);
        Assert.Contains("--error=/s/logs/hello-%j.out", args);
        Assert.Contains("--dependency=afterok:17:18", args);
        Assert.Contains("--kill-on-invalid-dep=yes", args);
        Assert.Equal(["--wrap", "/s/bin/diver run /s/nets/hello.net.json --verify-image"], args.TakeLast(2));
        Assert.DoesNotContain(args, a => a.StartsWith("--partition", StringComparison.Ordinal));
    }

    [Fact]
    public void A_heterogeneous_job_has_a_component_per_request_and_the_job_wide_options_in_the_first()
    {
        var settings = new SlurmSettings { Partition = "debug", ExtraArguments = ["--exclusive"] };
        var gen = Request with { Name = "flow/gen+sum", Cpus = 1, MemoryMiB = 64, AfterOk = ["17"] };
        var sum = gen with { Cpus = 4, MemoryMiB = 512 };

        var args = SlurmRequest.HetSbatchArguments([gen, sum], settings, "/s/logs/flow-%j.out");

        var colon = args.ToList().IndexOf(":");
        Assert.True(colon > 0 && args.Count(a => a == ":") == 1, string.Join(' ', args));
        var first = args.Take(colon).ToList();
        var second = args.Skip(colon + 1).ToList();
        Assert.Equal(["--job-name=diver:flow/gen+sum", "--ntasks=1", "--cpus-per-task=1", "--mem=192M", "--partition=debug"], first.Take(5));
        Assert.Contains("--dependency=afterok:17", first);
        Assert.Contains("--output=/s/logs/flow-%j.out", first);
        Assert.Contains("--exclusive", first);
        Assert.Equal(["--job-name=diver:flow/gen+sum", "--ntasks=1", "--cpus-per-task=4", "--mem=640M", "--partition=debug", "--exclusive",
            "--wrap", "/s/bin/diver run /s/nets/hello.net.json --verify-image"], second);
    }

    [Fact]
    public void Scontrol_one_line_output_is_read_into_state_exit_and_node()
    {
        var job = SlurmJobInfo.Parse("JobId=42 JobName=diver:flow/sum UserId=root(0) JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0 RunTime=00:00:02 NodeList=vm StdOut=/s/logs/flow-sum-42.out");

        Assert.Equal(("42", "diver:flow/sum", "FAILED", 3, "vm", "/s/logs/flow-sum-42.out"), (job.Id, job.Name, job.State, job.ExitStatus, job.Nodes, job.StdOut));
        Assert.True(job.IsFinished);
        Assert.False(job.Succeeded);
    }

    [Fact]
    public void A_heterogeneous_job_s_components_are_labelled_as_squeue_does_and_only_the_first_has_a_log()
    {
        var leader = SlurmJobInfo.Parse("JobId=40 HetJobId=40 HetJobOffset=0 JobName=diver:flow/gen+sum JobState=RUNNING NodeList=vm StdOut=/s/logs/flow-40.out");
        var second = SlurmJobInfo.Parse("JobId=41 HetJobId=40 HetJobOffset=1 JobName=diver:flow/gen+sum JobState=RUNNING NodeList=vm2 StdOut=/s/logs/flow-41.out");
        var plain = SlurmJobInfo.Parse("JobId=42 JobName=diver:flow/after JobState=PENDING StdOut=/s/logs/flow-after-42.out");

        Assert.Equal(("40+0", true), (leader.Label, leader.HasLog));
        Assert.Equal(("40+1", false), (second.Label, second.HasLog));
        Assert.Equal(("42", true), (plain.Label, plain.HasLog));
    }

    [Theory]
    [InlineData("srun: error: Unable to allocate resources: Requested node configuration is not available", true)]
    [InlineData("sbatch: error: Batch job submission failed: Invalid partition name specified", true)]
    [InlineData("Hello from the app", false)]
    public void Refusals_are_told_from_other_output(string line, bool refusal)
    {
        Assert.Equal(refusal, SlurmClient.IsRefusal(line));
    }
}
