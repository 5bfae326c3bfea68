namespace Diver.Cli.Commands;

/// <summary>
/// Every subcommand, in the order `--help` lists them. A new command (search, list, info, fork) is
/// one file under Commands/ and one line here.
/// </summary>
internal static class CommandTable
{
    public static readonly IReadOnlyList<CliCommand> All =
    [
        new("run", "Boot a built net (<name>.net.json) in QEMU and return its app's exit code.", RunCommand.Execute),
        new("pipeline", "Plan and run a built pipeline (<name>.pipeline.json): stages on this host's cores.", PipelineCommand.Execute),
        new("submit", "Submit a built net or pipeline to Slurm and return with the job ids.", SlurmCommand.Submit),
        new("slurm", "Run a net or pipeline through Slurm and wait (what dotnet run -p:Scheduler=Slurm calls).", SlurmCommand.Execute),
        new("jobs", "List Diver's Slurm jobs with their state, exit code, node and log.", JobsCommand.Execute),
        new("logs", "Print the console of a Diver job submitted to Slurm.", LogsCommand.Execute),
        new("list", "List the nets built under the current folder: kernel, size, hash, build time.", ListCommand.Execute),
        new("search", "Find kernel packages in NuGet feeds by terms, tags, deploy mode and arch.", SearchCommand.Execute),
        new("info", "Describe a kernel package: configs, modes, arch, headers, entry contract.", InfoCommand.Execute),
        new("fork", "Copy a kernel package's source into a new kernel project under a new id.", ForkCommand.Execute),
        new("catalog", "Write a static, browsable site of the kernels in NuGet feeds (publish it anywhere).", CatalogCommand.Execute),
    ];

    public static CliCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
