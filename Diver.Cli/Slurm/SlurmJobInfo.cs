namespace Diver.Cli.Slurm;

/// <summary>One job as `scontrol show job -o` describes it: the fields Diver reports.</summary>
internal sealed record SlurmJobInfo(string Id, string Name, string State, string ExitCode, string Nodes, string StdOut, string RunTime)
{
    /// <summary>For a component of a heterogeneous job: its leader's id and its offset (0 for the leader); empty otherwise.</summary>
    public string HetJobId { get; init; } = "";
    public string HetJobOffset { get; init; } = "";

    /// <summary>The id as squeue shows it: LEADER+K for a heterogeneous job's component.</summary>
    public string Label => HetJobOffset.Length > 0 ? $"{HetJobId}+{HetJobOffset}" : Id;

    /// <summary>Only the first component runs the batch script: the others write no log of their own.</summary>
    public bool HasLog => HetJobOffset is "" or "0";

    public bool IsFinished => State is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY" or "PREEMPTED" or "BOOT_FAIL" or "DEADLINE";
    public bool Succeeded => State == "COMPLETED" && ExitStatus == 0;

    /// <summary>The job's exit status (the part before the colon of ExitCode=N:S).</summary>
    public int ExitStatus => int.TryParse(ExitCode.Split(':')[0], out var status) ? status : 0;

    /// <summary>Parses the one-line form: space-separated Key=Value pairs.</summary>
    public static SlurmJobInfo Parse(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals > 0) fields.TryAdd(pair[..equals], pair[(equals + 1)..]);
        }
        string Field(string key) => fields.TryGetValue(key, out var value) ? value : "";
        return new SlurmJobInfo(Field("JobId"), Field("JobName"), Field("JobState"), Field("ExitCode"), Field("NodeList"), Field("StdOut"), Field("RunTime"))
        {
            HetJobId = Field("HetJobId"),
            HetJobOffset = Field("HetJobOffset"),
        };
    }
}
