using Diver.Cli.Slurm;

namespace Diver.Cli.Commands;

/// <summary>`dotnet diver logs JOB`: a submitted stage's console, from the log file Slurm writes for it.</summary>
internal static class LogsCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        if (args.Count != 1 || args[0] is "-h" or "--help" or "-?")
        {
            Console.Out.WriteLine("Usage: dotnet diver logs <JOB>\n\nPrints the console of a Diver job submitted to Slurm (dotnet diver submit, or a pipeline's steps).");
            return args.Count == 1 ? 0 : LauncherExitCodes.DiverError;
        }
        var id = args[0];
        var job = SlurmClient.Show(id);
        var log = job?.StdOut is { Length: > 0 } stdout && !stdout.StartsWith("/dev/", StringComparison.Ordinal) ? stdout : FindInStaging(id);
        if (log is null || !File.Exists(log))
            throw new DiverException(ErrorCodes.SlurmJobUnknown,
                job is null
                    ? $"Slurm no longer knows job {id}, and no log named *-{id}.out is in ./slurm-staging/logs. Run this from the project the job came from, or look in its SlurmStagingDir."
                    : $"Job {id} has no log file: it ran in the foreground (srun), so its console went to the terminal that started it.");
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.CopyTo(Console.OpenStandardOutput());
        return 0;
    }

    static string? FindInStaging(string id)
    {
        var logs = Path.GetFullPath(Path.Combine("slurm-staging", "logs"));
        return Directory.Exists(logs) ? Directory.EnumerateFiles(logs, $"*-{id}.out").FirstOrDefault() : null;
    }
}
