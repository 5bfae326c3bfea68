namespace Diver.Cli.Commands;

/// <summary>The table layout of `dotnet package search`: a header row, a rule, then one row per item.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter w, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        w.WriteLine(Line(headers));
        w.WriteLine(Line(widths.Select(n => new string('-', n)).ToList()));
        foreach (var row in rows) w.WriteLine(Line(row));
    }
}
