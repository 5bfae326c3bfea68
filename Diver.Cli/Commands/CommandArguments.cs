namespace Diver.Cli.Commands;

/// <summary>
/// The parsed command line of search, info, list and fork: positional words and options that take a
/// value ("--tag T" or "--tag=T", repeatable). Each command names the options it accepts, so a typo
/// is an error rather than a silently ignored word.
/// </summary>
internal sealed class CommandArguments
{
    readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positional { get; }
    public bool ShowHelp { get; }

    CommandArguments(List<string> positional, bool help)
    {
        Positional = positional;
        ShowHelp = help;
    }

    /// <param name="aliases">Short forms, e.g. "-o" for "--output".</param>
    public static CommandArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var positional = new List<string>();
        var parsed = new CommandArguments(positional, args.Any(a => a is "-h" or "--help" or "-?"));
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?") continue;
            if (!arg.StartsWith('-') || arg == "-")
            {
                positional.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[..eq] : arg;
            if (aliases is not null && aliases.TryGetValue(name, out var full)) name = full;
            if (!options.Contains(name))
                throw new DiverException(ErrorCodes.BadCommandLine, $"'{command}' has no option '{name}'. Run 'dotnet diver {command} --help'.");
            string value;
            if (eq > 0) value = arg[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new DiverException(ErrorCodes.BadCommandLine, $"Option '{name}' of '{command}' needs a value.");
            if (!parsed._options.TryGetValue(name, out var list)) parsed._options[name] = list = [];
            list.Add(value);
        }
        return parsed;
    }

    public IReadOnlyList<string> All(string option) => _options.TryGetValue(option, out var list) ? list : [];

    public string? One(string option) => All(option).LastOrDefault();

    /// <summary>"table" (default) or "json", as dotnet package search accepts.</summary>
    public bool Json(string command)
    {
        var format = One("--format") ?? "table";
        return format switch
        {
            "table" => false,
            "json" => true,
            _ => throw new DiverException(ErrorCodes.BadCommandLine, $"'{command} --format' is table or json, not '{format}'."),
        };
    }

    /// <summary>"Id" or "Id@Version", the form info and fork take.</summary>
    public static (string Id, string? Version) PackageReference(string command, IReadOnlyList<string> positional)
    {
        if (positional.Count != 1)
            throw new DiverException(ErrorCodes.BadCommandLine, $"'{command}' takes one package: <id> or <id>@<version>. Run 'dotnet diver {command} --help'.");
        var at = positional[0].IndexOf('@');
        return at < 0 ? (positional[0], null) : (positional[0][..at], positional[0][(at + 1)..]);
    }
}
