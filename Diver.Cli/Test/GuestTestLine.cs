using System.Globalization;

namespace Diver.Cli.Test;

internal enum GuestTestLineKind { Output, List, Start, Fail, Skip, End, Done }

/// <summary>
/// One line of the in-guest runner's protocol (Diver.Sdk/test/diver_test_runner.c): a marker,
/// a kind and tab-separated fields. Anything else on the console is the tests' own output.
/// </summary>
internal readonly record struct GuestTestLine(GuestTestLineKind Kind, int Index, string[] Fields, string Text)
{
    public const string Marker = "@@diver-test:";

    public static GuestTestLine Parse(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
            return new(GuestTestLineKind.Output, -1, [], line);
        var fields = line[(at + Marker.Length)..].TrimEnd('\r').Split('\t');
        var kind = fields[0] switch
        {
            "list" => GuestTestLineKind.List,
            "start" => GuestTestLineKind.Start,
            "fail" => GuestTestLineKind.Fail,
            "skip" => GuestTestLineKind.Skip,
            "end" => GuestTestLineKind.End,
            "done" => GuestTestLineKind.Done,
            _ => GuestTestLineKind.Output,
        };
        if (kind == GuestTestLineKind.Output)
            return new(kind, -1, [], line);
        var index = fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
        // Text the test printed before the marker, on the same line, is still its output.
        return new(kind, index, fields, line[..at]);
    }

    /// <summary>A "list" line as a test case: index, name, line, file.</summary>
    public TestCase? ToTestCase() =>
        Kind == GuestTestLineKind.List && Fields.Length >= 5 && int.TryParse(Fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? new TestCase(Index, Fields[2], Fields[4], line)
            : null;
}
