namespace Diver.Cli.Commands;

/// <summary>One `dotnet diver` subcommand: its name, the line `--help` shows, and its entry point.</summary>
internal sealed record CliCommand(string Name, string Summary, Func<IReadOnlyList<string>, int> Execute);
