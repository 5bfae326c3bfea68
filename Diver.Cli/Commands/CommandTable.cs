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
        new("test", "Run a test net's in-kernel tests (what `dotnet test` calls): per-test results, filter, TRX.", TestCommand.Execute),
        new("list", "List the nets built under the current folder: kernel, size, hash, build time.", ListCommand.Execute),
        new("search", "Find kernel packages in NuGet feeds by terms, tags, deploy mode and arch.", SearchCommand.Execute),
        new("info", "Describe a kernel package: configs, modes, arch, headers, entry contract.", InfoCommand.Execute),
        new("fork", "Copy a kernel package's source into a new kernel project under a new id.", ForkCommand.Execute),
    ];

    public static CliCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
