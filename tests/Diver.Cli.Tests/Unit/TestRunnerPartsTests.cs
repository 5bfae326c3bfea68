using System.Xml.Linq;
using Diver.Cli.Test;

namespace Diver.Cli.Tests.Unit;

/// <summary>The host side of `dotnet test` that needs no QEMU: filter, loggers, durations, ranges, protocol, TRX.</summary>
public sealed class TestRunnerPartsTests
{
    static readonly TestCase Adds = new(0, "adds", "/src/math_tests.c", 3);
    static readonly TestCase Parses = new(1, "parses_numbers", "/src/parse_tests.c", 9);
    static readonly TestCase Panics = new(2, "panics", "/src/math_tests.c", 20);

    static string[] Select(string filter) =>
        [.. new[] { Adds, Parses, Panics }.Where(TestFilter.Parse(filter)!.Matches).Select(t => t.Name)];

    [Theory]
    [InlineData("Name=adds", "adds")]
    [InlineData("name=ADDS", "adds")]
    [InlineData("Name~pa", "parses_numbers,panics")]
    [InlineData("Name!~pa", "adds")]
    [InlineData("ClassName=math_tests", "adds,panics")]
    [InlineData("FullyQualifiedName=parse_tests.parses_numbers", "parses_numbers")]
    [InlineData("FullyQualifiedName!=math_tests.adds", "parses_numbers,panics")]
    [InlineData("math", "adds,panics")]
    [InlineData("ClassName=math_tests&Name!=panics|Name=parses_numbers", "adds,parses_numbers")]
    [InlineData("ClassName=math_tests&(Name=panics|Name=parses_numbers)", "panics")]
    [InlineData("Name=a\\|b", "")]
    public void Filter_selects_as_vstest_does(string filter, string expected)
    {
        Assert.Equal(expected, string.Join(',', Select(filter)));
    }

    [Theory]
    [InlineData("Category=fast")]
    [InlineData("(Name=adds")]
    [InlineData("Name=adds)")]
    [InlineData("Name=adds|")]
    public void Bad_filters_are_refused_with_their_code(string filter)
    {
        var e = Assert.Throws<DiverException>(() => TestFilter.Parse(filter));
        Assert.Equal(ErrorCodes.BadTestFilter, e.Code);
    }

    [Fact]
    public void Loggers_take_the_parameters_that_follow_them()
    {
        var loggers = TestLoggers.Parse(["trx;LogFileName=r.trx", "console;verbosity=detailed"]);

        Assert.Equal(["trx", "console"], loggers.Select(l => l.Name));
        Assert.Equal("r.trx", loggers[0].Parameters["LogFileName"]);
        Assert.Equal("detailed", loggers[1].Parameters["verbosity"]);
        // dotnet test joins several --logger values with ';' into one property.
        Assert.Equal(["trx", "console"], TestLoggers.Parse(["trx", "console", "verbosity=quiet"]).Select(l => l.Name));
    }

    [Fact]
    public void Unknown_logger_is_refused()
    {
        Assert.Equal(ErrorCodes.UnknownTestLogger, Assert.Throws<DiverException>(() => TestLoggers.Parse(["html"])).Code);
    }

    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("5min", 300_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("2000", 2000)]
    public void Hang_timeouts_read_as_dotnet_test_writes_them(string text, double ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), HangTimeout.Parse(text));
    }

    [Fact]
    public void Hang_timeout_zero_is_none_and_words_are_refused()
    {
        Assert.Null(HangTimeout.Parse("0"));
        Assert.Equal(ErrorCodes.BadTestTimeout, Assert.Throws<DiverException>(() => HangTimeout.Parse("soon")).Code);
    }

    [Fact]
    public void Ranges_compress_runs()
    {
        Assert.Equal("0-4,7,9-10", TestRanges.Format([9, 0, 1, 2, 3, 4, 7, 10]));
        Assert.Equal("5", TestRanges.Format([5]));
    }

    [Fact]
    public void Protocol_lines_are_told_from_test_output()
    {
        var fail = GuestTestLine.Parse("partial@@diver-test:fail\t3\t12\t/src/a.c\tAssert failed: x");
        Assert.Equal(GuestTestLineKind.Fail, fail.Kind);
        Assert.Equal(3, fail.Index);
        Assert.Equal("partial", fail.Text);

        var list = GuestTestLine.Parse("@@diver-test:list\t1\tparses_numbers\t9\t/src/parse tests.c\r");
        Assert.Equal(new TestCase(1, "parses_numbers", "/src/parse tests.c", 9), list.ToTestCase());

        Assert.Equal(GuestTestLineKind.Output, GuestTestLine.Parse("hello").Kind);
        Assert.Equal(GuestTestLineKind.Output, GuestTestLine.Parse("@@diver-test:bogus\t1").Kind);
    }

    [Fact]
    public void Trx_holds_each_outcome_message_and_the_totals()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("diver-trx-").FullName, "r.trx");
        var now = DateTimeOffset.Now;
        TrxWriter.Write(path,
        [
            new TestResult(Adds, TestOutcome.Passed, TimeSpan.FromMilliseconds(3), now, now) { Output = "hi\u0001\n" },
            new TestResult(Parses, TestOutcome.Failed, TimeSpan.FromMilliseconds(5), now, now) { Message = "/src/parse_tests.c(10): Assert failed: x", StackTrace = "at parses_numbers() in /src/parse_tests.c:line 10" },
            new TestResult(Panics, TestOutcome.Skipped, TimeSpan.Zero, now, now) { Message = "not today" },
        ], "/bin/t.elf", now, now);

        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var trx = XDocument.Load(path);
        var results = trx.Descendants(ns + "UnitTestResult").ToDictionary(r => (string)r.Attribute("testName")!);
        Assert.Equal("Passed", (string?)results["math_tests.adds"].Attribute("outcome"));
        Assert.Equal("Failed", (string?)results["parse_tests.parses_numbers"].Attribute("outcome"));
        Assert.Equal("NotExecuted", (string?)results["math_tests.panics"].Attribute("outcome"));
        Assert.Contains("Assert failed: x", results["parse_tests.parses_numbers"].Descendants(ns + "Message").Single().Value);
        Assert.Equal("hi\n", results["math_tests.adds"].Descendants(ns + "StdOut").Single().Value);
        var counters = trx.Descendants(ns + "Counters").Single();
        Assert.Equal(("3", "1", "1", "1"), ((string)counters.Attribute("total")!, (string)counters.Attribute("passed")!,
            (string)counters.Attribute("failed")!, (string)counters.Attribute("notExecuted")!));
        Assert.Equal(3, trx.Descendants(ns + "UnitTest").Select(u => (string)u.Attribute("id")!).Distinct().Count());
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }
}
