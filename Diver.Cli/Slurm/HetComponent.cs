using System.Globalization;
using Diver.Cli.Run;
using Diver.Pipelines;

namespace Diver.Cli.Slurm;

/// <summary>
/// One stage of a stream group submitted as a heterogeneous job: the pipeline runner in the job's
/// first component (`pipeline --het-groups`) starts stage K with `srun --het-group=K`, so the stage
/// boots on component K's node with component K's cores and memory. Its channels cannot be pipes or
/// shared memory across nodes: they ride srun's I/O forwarding. Here the runner's pipe ends become
/// srun's stdin and stdout; on the node a shell moves the task's stdin and stdout (what srun forwards)
/// to descriptors 3 and 4 for `--channel-in/--channel-out`, gives the guest's console /dev/null as
/// input and stderr as output, so console lines never mix into the stream.
/// </summary>
internal static class HetComponent
{
    const int NodeInput = 3;
    const int NodeOutput = 4;

    /// <summary>
    /// The program and arguments that run stage <paramref name="component"/> through srun, given the
    /// launcher command and its `run` arguments for the channel descriptors it sees on the node.
    /// </summary>
    /// <param name="input">The runner's pipe end that feeds the stage (becomes srun's stdin), or null.</param>
    /// <param name="output">The runner's pipe end the stage's stream goes to (becomes srun's stdout), or null.</param>
    public static (string Program, IEnumerable<string> Arguments) Command(int component, IReadOnlyList<string> launcher,
        Func<string?, string?, IEnumerable<string>> runArguments, int? input, int? output)
    {
        string? nodeIn = input is null ? null : NodeInput.ToString(CultureInfo.InvariantCulture);
        string? nodeOut = output is null ? null : NodeOutput.ToString(CultureInfo.InvariantCulture);
        var onNode = string.Join("; ", new[]
        {
            nodeIn is null ? null : $"exec {nodeIn}<&0 0</dev/null",
            nodeOut is null ? null : $"exec {nodeOut}>&1 1>&2",
            "exec \"$@\"",
        }.OfType<string>());
        var here = "exec \"$@\""
            + (input is { } i ? $" 0<&{i} {i}<&-" : "")
            + (output is { } o ? $" 1>&{o} {o}>&-" : "");
        // srun gets the parent-death signal (through the shell it is exec'd from), as a job step of a
        // single net does: a runner killed outright takes srun along, and srun ends the stage's task.
        // bash here: the runner's pipe ends are descriptors above 9, which dash cannot redirect.
        return ParentDeathSignal.Wrap("/bin/bash",
        [
            "-c", here, "bash", SlurmClient.Find("srun"), $"--het-group={component.ToString(CultureInfo.InvariantCulture)}",
            // One SIGINT ends the stage; its bytes are forwarded as they come, not held for a newline.
            "--quit-on-interrupt", "--unbuffered",
            "/bin/sh", "-c", onNode, "sh", .. launcher, .. runArguments(nodeIn, nodeOut),
        ]);
    }

    /// <summary>Where component <paramref name="component"/> runs, as its job's environment says (for an error that names the node).</summary>
    public static string Where(int component)
    {
        var k = component.ToString(CultureInfo.InvariantCulture);
        var node = Environment.GetEnvironmentVariable($"SLURM_JOB_NODELIST_HET_GROUP_{k}") ?? "?";
        var job = Environment.GetEnvironmentVariable("SLURM_JOB_ID") ?? "?";
        return $" on node {node} (component {k} of Slurm job {job})";
    }

    /// <summary>
    /// What the runner may plan with: every stage's cores and memory, which Slurm granted component by
    /// component, so the runner's list scheduler starts the whole group at once whatever this node has.
    /// </summary>
    public static HostResources Allocation(PipelineGraph graph) =>
        new(graph.Groups.Sum(g => g.HostCores), graph.Groups.Sum(g => g.MemoryBytes));

    /// <summary>
    /// Whether a stream group becomes a heterogeneous job: when its stages ask for different cores or
    /// memory. Stages that ask alike stay one job on one node, where their streams keep the
    /// shared-memory links of a local run instead of crossing srun's forwarding.
    /// </summary>
    public static bool IsHeterogeneous(StreamGroup group) =>
        group.Stages.Count > 1 && group.Stages.Select(s => (s.HostCores, s.MemoryBytes)).Distinct().Count() > 1;
}
