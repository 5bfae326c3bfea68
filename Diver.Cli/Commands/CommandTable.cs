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
    ];

    public static CliCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}
