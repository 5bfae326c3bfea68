using System.Text.RegularExpressions;

namespace Diver.Tasks.Tools;

/// <summary>
/// Turns clang's "file:line:col: error: text" lines into diagnostics, so MSBuild prints them in
/// its canonical "file(line,col): error CODE: text" form that IDEs and the terminal logger link.
/// </summary>
public static partial class ClangDiagnostics
{
    [GeneratedRegex(@"^(?<file>.+?):(?<line>\d+):(?<col>\d+): (?<sev>fatal error|error|warning|note): (?<msg>.*)$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^(?:clang(?:-\d+)?|[^:\s]*clang[^:\s]*): (?<sev>fatal error|error|warning): (?<msg>.*)$")]
    private static partial Regex Unlocated();

    public static IReadOnlyList<Diagnostic> Parse(string output)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var line in output.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            var m = Located().Match(text);
            if (m.Success)
            {
                diagnostics.Add(new Diagnostic(Severity(m.Groups["sev"].Value), CodeFor(m.Groups["sev"].Value), m.Groups["msg"].Value,
                    m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value)));
                continue;
            }
            m = Unlocated().Match(text);
            if (m.Success)
                diagnostics.Add(new Diagnostic(Severity(m.Groups["sev"].Value), CodeFor(m.Groups["sev"].Value), m.Groups["msg"].Value));
        }
        return diagnostics;
    }

    static DiagnosticSeverity Severity(string word) => word switch
    {
        "warning" => DiagnosticSeverity.Warning,
        "note" => DiagnosticSeverity.Note,
        _ => DiagnosticSeverity.Error,
    };

    static string CodeFor(string word) => word == "warning" ? ErrorCodes.CompileWarning : ErrorCodes.CompileError;
}
