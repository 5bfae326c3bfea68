using System.Globalization;
using System.Xml.Linq;

namespace Diver.Cli.Test;

/// <summary>
/// A Visual Studio test results file (.trx), the format `dotnet test --logger trx` writes and CI
/// servers (Azure Pipelines, GitHub actions that publish test results, Jenkins MSTest plugin)
/// read: per-test outcome, duration, message, stack trace and output, plus totals.
/// </summary>
internal static class TrxWriter
{
    static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    // Fixed ids every TRX uses: the unit-test type and the default test list.
    const string UnitTestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    const string ResultsNotInAList = "8c84fa94-04c1-424b-9868-57a2d4851a1d";
    const string AllLoadedResults = "19431567-8539-422a-85d7-44ee4e166bda";

    public static void Write(string path, IReadOnlyList<TestResult> results, string source, DateTimeOffset start, DateTimeOffset finish)
    {
        var user = Environment.UserName;
        var machine = Environment.MachineName;
        var runResults = new XElement(Ns + "Results");
        var definitions = new XElement(Ns + "TestDefinitions");
        var entries = new XElement(Ns + "TestEntries");
        foreach (var result in results)
        {
            var testId = StableId(source + "\n" + result.Case.FullyQualifiedName).ToString();
            var executionId = Guid.NewGuid().ToString();
            var output = new XElement(Ns + "Output");
            if (result.Output.Length > 0)
                output.Add(new XElement(Ns + "StdOut", Clean(result.Output)));
            if (result.Outcome != TestOutcome.Passed && result.Message is not null)
            {
                var error = new XElement(Ns + "ErrorInfo", new XElement(Ns + "Message", Clean(result.Message)));
                if (result.StackTrace is not null)
                    error.Add(new XElement(Ns + "StackTrace", Clean(result.StackTrace)));
                output.Add(error);
            }
            runResults.Add(new XElement(Ns + "UnitTestResult",
                new XAttribute("executionId", executionId),
                new XAttribute("testId", testId),
                new XAttribute("testName", result.Case.FullyQualifiedName),
                new XAttribute("computerName", machine),
                new XAttribute("duration", result.Duration.ToString("c", CultureInfo.InvariantCulture)),
                new XAttribute("startTime", Time(result.Start)),
                new XAttribute("endTime", Time(result.End)),
                new XAttribute("testType", UnitTestType),
                new XAttribute("outcome", result.Outcome switch
                {
                    TestOutcome.Passed => "Passed",
                    TestOutcome.Failed => "Failed",
                    _ => "NotExecuted",
                }),
                new XAttribute("testListId", ResultsNotInAList),
                new XAttribute("relativeResultsDirectory", executionId),
                output.HasElements ? output : null));
            definitions.Add(new XElement(Ns + "UnitTest",
                new XAttribute("name", result.Case.FullyQualifiedName),
                new XAttribute("storage", source),
                new XAttribute("id", testId),
                new XElement(Ns + "Execution", new XAttribute("id", executionId)),
                new XElement(Ns + "TestMethod",
                    new XAttribute("codeBase", source),
                    new XAttribute("adapterTypeName", "executor://diver/test"),
                    new XAttribute("className", result.Case.ClassName),
                    new XAttribute("name", result.Case.Name))));
            entries.Add(new XElement(Ns + "TestEntry",
                new XAttribute("testId", testId),
                new XAttribute("executionId", executionId),
                new XAttribute("testListId", ResultsNotInAList)));
        }

        int passed = results.Count(r => r.Outcome == TestOutcome.Passed), failed = results.Count(r => r.Outcome == TestOutcome.Failed);
        var skipped = results.Count - passed - failed;
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement(Ns + "TestRun",
                new XAttribute("id", Guid.NewGuid().ToString()),
                new XAttribute("name", $"{user}@{machine} {start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}"),
                new XAttribute("runUser", user),
                new XElement(Ns + "Times",
                    new XAttribute("creation", Time(start)), new XAttribute("queuing", Time(start)),
                    new XAttribute("start", Time(start)), new XAttribute("finish", Time(finish))),
                new XElement(Ns + "TestSettings", new XAttribute("name", "default"), new XAttribute("id", StableId("settings").ToString()),
                    new XElement(Ns + "Deployment", new XAttribute("runDeploymentRoot", Path.GetFileNameWithoutExtension(path)))),
                runResults,
                definitions,
                entries,
                new XElement(Ns + "TestLists",
                    new XElement(Ns + "TestList", new XAttribute("name", "Results Not in a List"), new XAttribute("id", ResultsNotInAList)),
                    new XElement(Ns + "TestList", new XAttribute("name", "All Loaded Results"), new XAttribute("id", AllLoadedResults))),
                new XElement(Ns + "ResultSummary",
                    new XAttribute("outcome", failed > 0 ? "Failed" : "Completed"),
                    new XElement(Ns + "Counters",
                        new XAttribute("total", results.Count), new XAttribute("executed", passed + failed),
                        new XAttribute("passed", passed), new XAttribute("failed", failed),
                        new XAttribute("error", 0), new XAttribute("timeout", 0), new XAttribute("aborted", 0),
                        new XAttribute("inconclusive", 0), new XAttribute("passedButRunAborted", 0),
                        new XAttribute("notRunnable", 0), new XAttribute("notExecuted", skipped),
                        new XAttribute("disconnected", 0), new XAttribute("warning", 0), new XAttribute("completed", 0),
                        new XAttribute("inProgress", 0), new XAttribute("pending", 0)))));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        document.Save(path);
    }

    /// <summary>The name VSTest gives a TRX without LogFileName: user_machine_timestamp.trx.</summary>
    public static string DefaultFileName(DateTimeOffset start) =>
        $"{Environment.UserName}_{Environment.MachineName}_{start.ToString("yyyy-MM-dd_HH_mm_ss", CultureInfo.InvariantCulture)}.trx";

    static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters, which a guest may well print.</summary>
    static string Clean(string text) => new([.. text.Where(c => c is '\n' or '\t' or '\r' || !char.IsControl(c))]);

    /// <summary>The same test gets the same id in every run, as VSTest does, so CI can follow it across runs.</summary>
    static Guid StableId(string text)
    {
        Span<byte> bytes = stackalloc byte[16];
        ulong a = 14695981039346656037, b = 1099511628211 * 31;
        foreach (var c in text)
        {
            a = (a ^ c) * 1099511628211;
            b = (b ^ c) * 1099511628211 + 0x9e3779b97f4a7c15;
        }
        BitConverter.TryWriteBytes(bytes, a);
        BitConverter.TryWriteBytes(bytes[8..], b);
        return new Guid(bytes);
    }
}
