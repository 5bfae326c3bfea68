using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Diver.Cli.SplitVm;

/// <summary>One forwarded call as the proxy served it.</summary>
internal readonly record struct TraceRecord(ForwardOp Op, long Bytes, long Nanoseconds);

/// <summary>
/// -p:ForwardTrace=true: every forwarded call (name, bytes, service latency) is kept in memory
/// while the net runs, so tracing adds no host I/O to the calls it measures, and written out when
/// the run ends: a tab-separated file, a per-call histogram on stderr and an SVG chart of it.
/// </summary>
internal sealed class ForwardTrace(string tracePath)
{
    readonly List<TraceRecord> records = [];
    readonly Lock gate = new();

    public string TracePath { get; } = tracePath;
    public string ChartPath => Path.ChangeExtension(TracePath, ".svg");

    public void Record(ForwardOp op, long bytes, TimeSpan latency)
    {
        lock (gate)
            records.Add(new TraceRecord(op, bytes, (long)(latency.Ticks * (1_000_000_000.0 / TimeSpan.TicksPerSecond))));
    }

    public IReadOnlyList<TraceRecord> Snapshot()
    {
        lock (gate)
            return [.. records];
    }

    /// <summary>Writes the trace and the chart and prints the histogram.</summary>
    public void Finish(TextWriter report)
    {
        var all = Snapshot();
        var text = new StringBuilder("# call\tbytes\tlatency_ns\n");
        foreach (var r in all)
            text.Append(CultureInfo.InvariantCulture, $"{Name(r.Op)}\t{r.Bytes}\t{r.Nanoseconds}\n");
        File.WriteAllText(TracePath, text.ToString());
        var histogram = TraceHistogram.Build(all);
        File.WriteAllText(ChartPath, TraceChart.Svg(histogram));
        report.Write(histogram.Format());
        report.WriteLine($"diver: forwarding trace: {TracePath} (chart {ChartPath})");
    }

    public static string Name(ForwardOp op) => op switch
    {
        ForwardOp.ClockGettime => "clock_gettime",
        _ => Enum.IsDefined(op) ? op.ToString().ToLowerInvariant() : $"op{(uint)op}",
    };
}
