namespace Diver.Cli;

/// <summary>The one format for failures, the same as MSBuild's so tools and people read it alike.</summary>
internal static class ErrorOutput
{
    public static void Write(string code, string message) =>
        Console.Error.WriteLine($"error {code}: {message}{WhereInSlurm()}");

    /// <summary>Inside a Slurm job the same error can come from any node: say which, and which job.</summary>
    static string WhereInSlurm()
    {
        var job = Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        var node = Environment.GetEnvironmentVariable("SLURMD_NODENAME");
        return job is null ? "" : $" (Slurm job {job} on node {node ?? "unknown"})";
    }
}
