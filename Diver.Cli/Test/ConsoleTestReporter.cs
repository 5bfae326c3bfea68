using System.Globalization;

namespace Diver.Cli.Test;

internal enum ConsoleVerbosity { Quiet, Minimal, Normal, Detailed }

/// <summary>
/// Results on the terminal in the layout `dotnet test` (VSTest's console logger) uses, so a .NET
/// user reads them without learning anything: one line per test with its duration, the error
/// message, stack trace and output under a failure, then the totals line.
/// </summary>
internal sealed class ConsoleTestReporter(TextWriter writer, ConsoleVerbosity verbosity)
{
    readonly Lock gate = new();

    public static ConsoleVerbosity ParseVerbosity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "q" or "quiet" => ConsoleVerbosity.Quiet,
        "m" or "minimal" => ConsoleVerbosity.Minimal,
        "d" or "detailed" or "diag" or "diagnostic" => ConsoleVerbosity.Detailed,
        _ => ConsoleVerbosity.Normal,
    };

    public void Report(TestResult result)
    {
        if (verbosity == ConsoleVerbosity.Quiet) return;
        if (verbosity == ConsoleVerbosity.Minimal && result.Outcome == TestOutcome.Passed) return;
        lock (gate)
        {
            var word = result.Outcome switch { TestOutcome.Passed => "Passed", TestOutcome.Failed => "Failed", _ => "Skipped" };
            writer.WriteLine($"  {word} {result.Case.FullyQualifiedName} [{Duration(result.Duration)}]");
            if (result.Outcome == TestOutcome.Skipped && !string.IsNullOrEmpty(result.Message))
                writer.WriteLine($"  Skip reason: {result.Message}");
            if (result.Outcome == TestOutcome.Failed)
            {
                writer.WriteLine("  Error Message:");
                writer.WriteLine($"   {result.Message}");
                if (result.StackTrace is { } stack)
                {
                    writer.WriteLine("  Stack Trace:");
                    foreach (var line in stack.Split('\n'))
                        writer.WriteLine($"     {line}");
                }
            }
            if ((result.Outcome == TestOutcome.Failed || verbosity == ConsoleVerbosity.Detailed) && result.Output.Trim().Length > 0)
            {
                writer.WriteLine();
                writer.WriteLine("  Standard Output Messages:");
                foreach (var line in result.Output.TrimEnd().Split('\n'))
                    writer.WriteLine($"   {line.TrimEnd('\r')}");
            }
            writer.Flush();
        }
    }

    public void Summary(IReadOnlyList<TestResult> results, TimeSpan duration, string source)
    {
        int failed = results.Count(r => r.Outcome == TestOutcome.Failed), passed = results.Count(r => r.Outcome == TestOutcome.Passed);
        var skipped = results.Count - failed - passed;
        var head = failed > 0 ? "Failed!" : "Passed!";
        writer.WriteLine();
        writer.WriteLine($"{head}  - Failed: {failed,5}, Passed: {passed,5}, Skipped: {skipped,5}, Total: {results.Count,5}, Duration: {Duration(duration)} - {source}");
        writer.Flush();
    }

    /// <summary>VSTest's style: "3 ms", "1 s", "2 m 5 s".</summary>
    public static string Duration(TimeSpan t)
    {
        var c = CultureInfo.InvariantCulture;
        if (t.TotalMilliseconds < 1) return "< 1 ms";
        if (t.TotalSeconds < 1) return $"{((int)t.TotalMilliseconds).ToString(c)} ms";
        if (t.TotalMinutes < 1) return $"{((int)t.TotalSeconds).ToString(c)} s";
        return $"{((int)t.TotalMinutes).ToString(c)} m {t.Seconds.ToString(c)} s";
    }
}
