using Diver.Cli.Modes;

namespace Diver.Cli.Run;

/// <summary>
/// Hand-written parsing for `run`: a dozen options do not justify a parser library's start-up
/// cost in a launcher whose whole budget is a few milliseconds. The options themselves are
/// declarations (<see cref="RunOptionTable"/>, and each deploy mode's). Accepts "--opt value" and
/// "--opt=value"; an empty value means "the default", so MSBuild can pass unset properties through.
/// </summary>
internal static class RunOptionsParser
{
    public static RunOptions Parse(IReadOnlyList<string> args) => Parse(args, DeployModeRegistry.Builtin);

    public static RunOptions Parse(IReadOnlyList<string> args, DeployModeRegistry registry)
    {
        var table = RunOptionTable.For(registry);
        var options = new RunOptions { Mode = registry.Default };
        string? netPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
                return Finish(options with { GuestArguments = [.. args.Skip(i + 1)] }, netPath);
            if (!arg.StartsWith('-') || arg == "-")
            {
                if (netPath is not null)
                    throw Bad($"Unexpected argument '{arg}': 'run' takes one net. Put guest arguments after '--'.");
                netPath = arg;
                continue;
            }
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            var option = table.FirstOrDefault(o => o.Answers(name));
            // A flag takes no value, so "--quiet=1" is no option run knows.
            if (option is null || (option.Kind == RunOptionKind.Flag && equals > 0))
                throw Bad($"Unknown option '{name}' for 'run'. Run 'dotnet diver run --help' to see the options.");
            if (option.Kind == RunOptionKind.Flag)
            {
                options = option.ApplyTo(options, "true");
                if (options.ShowHelp)
                    return options;
                continue;
            }
            string value;
            if (equals > 0)
                value = arg[(equals + 1)..];
            else if (i + 1 < args.Count)
                value = args[++i];
            else
                throw Bad($"Option '{arg}' needs a value.");
            if (value.Trim().Length > 0)
                options = option.ApplyTo(options, value);
        }
        return Finish(options, netPath);
    }

    static RunOptions Finish(RunOptions options, string? netPath) =>
        netPath is null
            ? throw Bad("'run' needs the net to boot: dotnet diver run bin/Debug/<name>.net.json")
            : options with { NetPath = netPath };

    static DiverException Bad(string message) => new(ErrorCodes.BadCommandLine, message);
}
