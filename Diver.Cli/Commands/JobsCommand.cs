using Diver.Cli.Slurm;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver jobs`: Diver's Slurm jobs (by their "diver:" name) with their state, from Slurm
/// itself, so jobs submitted from any shell are listed while Slurm remembers them.
/// </summary>
internal static class JobsCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            Console.Out.WriteLine("Usage: dotnet diver jobs\n\nLists Diver's Slurm jobs (running, pending and recently finished) with state, exit code, node and log.");
            return 0;
        }
        if (args.Count > 0)
            throw new DiverException(ErrorCodes.BadCommandLine, $"'jobs' takes no arguments, not '{args[0]}'.");
        var jobs = SlurmClient.ShowAll().Where(j => j.Name.StartsWith(SlurmRequest.JobNamePrefix, StringComparison.Ordinal)).ToList();
        if (jobs.Count == 0)
        {
            Console.Out.WriteLine("No Diver jobs are known to Slurm.");
            return 0;
        }
        IReadOnlyList<string>[] rows = [.. jobs.Select(j => new[] { j.Label, j.Name[SlurmRequest.JobNamePrefix.Length..], j.State, j.IsFinished ? j.ExitCode : "", j.Nodes, j.RunTime, j.HasLog ? j.StdOut : $"(job {j.HetJobId}'s)" })];
        TableWriter.Write(Console.Out, ["Job", "Name", "State", "Exit", "Node", "Time", "Log"], rows);
        return 0;
    }
}
