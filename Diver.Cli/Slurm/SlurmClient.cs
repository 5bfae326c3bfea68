using System.ComponentModel;
using System.Diagnostics;

namespace Diver.Cli.Slurm;

/// <summary>
/// Slurm's own commands (sbatch, scontrol, scancel), run and read. Diver never schedules a
/// cluster itself: every decision about nodes and queues is Slurm's.
/// </summary>
internal static class SlurmClient
{
    /// <summary>The messages with which srun and sbatch refuse a request the cluster cannot meet.</summary>
    static readonly string[] RefusalMarks =
    [
        "Unable to allocate resources", "Requested node configuration is not available",
        "More processors requested than permitted", "Memory required by task is not available",
        "Invalid partition name", "Invalid account", "Job violates accounting/QOS policy",
    ];

    public static bool IsRefusal(string line) => RefusalMarks.Any(m => line.Contains(m, StringComparison.Ordinal));

    /// <summary>
    /// What srun and sbatch say when no controller answers (it is down, or SLURM_CONF names another).
    /// srun's line also starts like a refusal ("Unable to allocate resources: ..."), so look for this first.
    /// </summary>
    public static bool IsUnreachable(string line) => line.Contains("Unable to contact slurm controller", StringComparison.Ordinal);

    public static DiverException Unreachable(string reason) => new(ErrorCodes.SlurmMissing,
        $"Slurm's controller does not answer: {reason.TrimEnd('.')}. Check that the cluster is up (sinfo) and that SLURM_CONF names its controller, then run again.");

    public static string Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new DiverException(ErrorCodes.SlurmMissing,
            $"Slurm's '{tool}' is not on PATH, so the run cannot go to Slurm. Install the Slurm client tools (apt-get install slurm-client), " +
            "or try a local cluster with build/slurm-local.sh start.");
    }

    /// <summary>Runs a Slurm command to completion and returns its exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Find(tool))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start) ?? throw new Win32Exception("no process was created");
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (Win32Exception e)
        {
            throw new DiverException(ErrorCodes.SlurmMissing, $"Slurm's '{tool}' could not be started ({e.NativeErrorCode}). Check the Slurm client installation.");
        }
    }

    /// <summary>sbatch --parsable: the job id, or a DIVER error with Slurm's own reason.</summary>
    public static string Submit(IReadOnlyList<string> arguments, string what)
    {
        var (exit, output, error) = Run("sbatch", arguments);
        if (exit != 0)
        {
            var reason = error.Trim().Replace("sbatch: error: ", "", StringComparison.Ordinal);
            if (IsUnreachable(error)) throw Unreachable(reason);
            throw IsRefusal(error)
                ? new DiverException(ErrorCodes.SlurmRefused, $"Slurm refused {what}: {reason} Ask for fewer Cpus or less Memory, or choose another partition (-p:SlurmPartition).")
                : new DiverException(ErrorCodes.SlurmJobFailed, $"sbatch could not submit {what}: {reason} Act on Slurm's message, then run again.");
        }
        return output.Trim().Split(';')[0];
    }

    /// <summary>The job as scontrol knows it, or null once Slurm has forgotten it (MinJobAge).</summary>
    public static SlurmJobInfo? Show(string jobId)
    {
        var (exit, output, _) = Run("scontrol", ["show", "job", "-o", jobId]);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return exit == 0 && line is not null ? SlurmJobInfo.Parse(line) : null;
    }

    /// <summary>Every job scontrol still knows (running, pending, and recently finished).</summary>
    public static IReadOnlyList<SlurmJobInfo> ShowAll()
    {
        var (exit, output, error) = Run("scontrol", ["show", "job", "-o"]);
        if (exit != 0)
            throw new DiverException(ErrorCodes.SlurmMissing, $"Slurm did not answer: {error.Trim()} Check that the cluster is up (sinfo).");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("JobId=", StringComparison.Ordinal)).Select(SlurmJobInfo.Parse)];
    }

    public static void Cancel(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count > 0) Run("scancel", ids);
    }
}
