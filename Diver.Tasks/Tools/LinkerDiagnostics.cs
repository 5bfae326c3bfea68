using System.Text.RegularExpressions;

namespace Diver.Tasks.Tools;

/// <summary>
/// Reads ld.lld's output. An undefined symbol gets its own code and names the symbol and the
/// source line that used it (lld prints "&gt;&gt;&gt; referenced by main.c:5" when objects carry
/// debug info, and the object and function otherwise).
/// </summary>
public static partial class LinkerDiagnostics
{
    [GeneratedRegex(@"^(?:ld\.lld|ld|lld)(?:-\d+)?: (?<sev>error|warning): (?<msg>.*)$")]
    private static partial Regex Headline();

    [GeneratedRegex(@"^undefined symbol: (?<sym>.+)$")]
    private static partial Regex Undefined();

    [GeneratedRegex(@"^>>> referenced by (?<where>\S+?)(?::(?<line>\d+))?(?: \((?<full>.+)\))?$")]
    private static partial Regex ReferencedBy();

    [GeneratedRegex(@"^>>>\s+(?<obj>\S+):\((?<fn>[^)]+)\)$")]
    private static partial Regex ReferencedIn();

    public static IReadOnlyList<Diagnostic> Parse(string output)
    {
        var diagnostics = new List<Diagnostic>();
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var head = Headline().Match(lines[i]);
            if (!head.Success) continue;
            var message = head.Groups["msg"].Value;
            var warning = head.Groups["sev"].Value == "warning";
            var undefined = Undefined().Match(message);
            if (!undefined.Success || warning)
            {
                diagnostics.Add(new Diagnostic(warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                    warning ? ErrorCodes.LinkWarning : ErrorCodes.LinkError, message));
                continue;
            }
            diagnostics.Add(UndefinedSymbol(undefined.Groups["sym"].Value, lines, i + 1));
        }
        return diagnostics;
    }

    static Diagnostic UndefinedSymbol(string symbol, string[] lines, int next)
    {
        string? file = null, function = null;
        var line = 0;
        for (var j = next; j < lines.Length && lines[j].StartsWith(">>>", StringComparison.Ordinal); j++)
        {
            var by = ReferencedBy().Match(lines[j]);
            if (by.Success && file is null && by.Groups["line"].Success)
            {
                file = by.Groups["where"].Value;
                line = int.Parse(by.Groups["line"].Value);
                continue;
            }
            var inFn = ReferencedIn().Match(lines[j]);
            if (inFn.Success && function is null)
                function = inFn.Groups["fn"].Value;
        }
        var where = function is null ? "" : $" (used in {function})";
        return new Diagnostic(DiagnosticSeverity.Error, ErrorCodes.UndefinedSymbol,
            $"undefined symbol '{symbol}'{where}. Define it in one of the project's C files, or check that the kernel package provides it.",
            file, line);
    }
}
