using System.Globalization;
using System.Security;
using System.Text;

namespace Diver.Cli.SplitVm;

/// <summary>
/// The trace histogram as a hand-written SVG: one row per call kind, one bar per latency bucket,
/// bar height on a log scale of the count so rare slow calls stay visible next to frequent ones.
/// </summary>
internal static class TraceChart
{
    const int Left = 110, Top = 40, RowHeight = 60, BarWidth = 18, Gap = 4;

    public static string Svg(TraceHistogram histogram)
    {
        var width = Left + histogram.Buckets * (BarWidth + Gap) + 40;
        var height = Top + Math.Max(1, histogram.Rows.Count) * RowHeight + 40;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append("<text x=\"10\" y=\"20\" font-size=\"14\">Forwarded calls by proxy service time (count, log scale)</text>\n");
        for (var i = 0; i < histogram.Rows.Count; i++)
            Row(svg, histogram.Rows[i], Top + i * RowHeight, histogram.Buckets);
        var axis = Top + Math.Max(1, histogram.Rows.Count) * RowHeight + 14;
        for (var b = 0; b < histogram.Buckets; b += 2)
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left + b * (BarWidth + Gap)}\" y=\"{axis}\">{TraceHistogram.BucketLabel(b)}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    static void Row(StringBuilder svg, TraceHistogram.Row row, int y, int buckets)
    {
        var max = Math.Log10(Math.Max(1, row.PerBucket.Max()) + 1);
        var label = SecurityElement.Escape($"{row.Call} ({row.Count})");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y + RowHeight / 2}\">{label}</text>\n");
        for (var b = 0; b < buckets; b++)
        {
            if (row.PerBucket[b] == 0) continue;
            var h = Math.Max(2, (int)((RowHeight - 12) * Math.Log10(row.PerBucket[b] + 1) / max));
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Left + b * (BarWidth + Gap)}\" y=\"{y + RowHeight - 6 - h}\" width=\"{BarWidth}\" height=\"{h}\" fill=\"#3b7dd8\"><title>{row.PerBucket[b]} calls</title></rect>\n");
        }
    }
}
