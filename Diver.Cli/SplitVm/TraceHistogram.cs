using System.Globalization;
using System.Text;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Calls per kind and per latency bucket (powers of two of nanoseconds), the shape of the
/// paper's Figure 4: which forwarded calls a program makes, how often, and what they cost.
/// </summary>
internal sealed record TraceHistogram(IReadOnlyList<TraceHistogram.Row> Rows, int Buckets)
{
    /// <summary>Bucket b holds latencies in [2^b, 2^(b+1)) ns; bucket 0 also holds 0.</summary>
    public sealed record Row(string Call, long Count, long Bytes, long MedianNs, long P99Ns, long[] PerBucket);

    public static TraceHistogram Build(IReadOnlyList<TraceRecord> records)
    {
        var rows = records.GroupBy(r => ForwardTrace.Name(r.Op))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => MakeRow(g.Key, [.. g]))
            .ToList();
        var buckets = rows.Count == 0 ? 1 : rows.Max(r => Array.FindLastIndex(r.PerBucket, c => c > 0)) + 1;
        return new TraceHistogram(rows, Math.Max(buckets, 1));
    }

    static Row MakeRow(string call, List<TraceRecord> calls)
    {
        var sorted = calls.Select(c => c.Nanoseconds).Order().ToArray();
        var perBucket = new long[64];
        foreach (var ns in sorted)
            perBucket[Bucket(ns)]++;
        return new Row(call, sorted.Length, calls.Sum(c => c.Bytes), sorted[sorted.Length / 2],
            sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], perBucket);
    }

    public static int Bucket(long ns) => ns <= 1 ? 0 : 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)ns);

    public static string BucketLabel(int b) => b switch
    {
        < 10 => $"{1L << b}ns",
        < 20 => $"{1L << (b - 10)}us",
        < 30 => $"{1L << (b - 20)}ms",
        _ => $"{1L << (b - 30)}s",
    };

    public string Format()
    {
        var text = new StringBuilder("diver: forwarded calls (proxy service time)\n");
        text.AppendLine("  call             count        bytes   median      p99   histogram (log2 ns buckets)");
        foreach (var row in Rows)
        {
            var max = Math.Max(1, row.PerBucket.Max());
            var bars = string.Concat(row.PerBucket.Take(Buckets).Select(c => c == 0 ? " " : "▁▂▃▄▅▆▇█"[(int)Math.Min(7, c * 8 / (max + 1))].ToString()));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Call,-14} {row.Count,7} {row.Bytes,12} {Time(row.MedianNs),8} {Time(row.P99Ns),8}   |{bars}| 1ns..{BucketLabel(Buckets)}"));
        }
        return text.ToString();
    }

    public static string Time(long ns) => ns switch
    {
        < 10_000 => $"{ns}ns",
        < 10_000_000 => $"{ns / 1000}us",
        _ => $"{ns / 1_000_000}ms",
    };
}
