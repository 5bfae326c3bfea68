namespace Diver.Cli.Test;

/// <summary>A `--logger` as dotnet test passes it: a name and its key=value parameters.</summary>
internal sealed record TestLogger(string Name, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Reads VSTestLogger: dotnet test joins its --logger values with ';', and each logger's own
/// parameters use ';' too ("trx;LogFileName=r.trx;console;verbosity=detailed"), so a part
/// holding '=' belongs to the logger before it. Diver knows trx and console.
/// </summary>
internal static class TestLoggers
{
    public static readonly string[] Known = ["trx", "console"];

    public static IReadOnlyList<TestLogger> Parse(IEnumerable<string> values)
    {
        var loggers = new List<(string Name, Dictionary<string, string> Parameters)>();
        foreach (var part in values.SelectMany(v => v.Replace("%3B", ";", StringComparison.OrdinalIgnoreCase).Split(';')))
        {
            var text = part.Trim();
            if (text.Length == 0) continue;
            var equals = text.IndexOf('=');
            if (equals > 0 && loggers.Count > 0)
            {
                loggers[^1].Parameters[text[..equals].Trim()] = text[(equals + 1)..].Trim();
                continue;
            }
            // "friendlyname:console" / "logger://..." forms are accepted by their last word.
            var name = text.Split(':').Last().Trim().ToLowerInvariant();
            if (!Known.Contains(name))
                throw new DiverException(ErrorCodes.UnknownTestLogger,
                    $"Diver's test runner has no '{text}' logger. Use --logger trx (TRX for CI servers, LogFileName=NAME.trx names the file) " +
                    "or --logger \"console;verbosity=quiet|minimal|normal|detailed\".");
            loggers.Add((name, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
        }
        return [.. loggers.Select(l => new TestLogger(l.Name, l.Parameters))];
    }
}
