using Diver.Pipelines;

namespace Diver.Cli.Pipelines;

/// <summary>
/// The Input edges of a running pipeline. An edge that is a stage's only reader and that reader's
/// only Input (the common `a | b`) is a link straight from a's launcher to b's, over which b's
/// launcher gets a's guest RAM and copies a's output ring into b's input ring: no pipe, no hop
/// through the runner. Otherwise a stage that others read gets an output pipe; a thread
/// (the tee) reads it in large chunks and hands each chunk, unchanged and uncopied, to a bounded
/// queue per reader (fan-out: every reader gets all of it; <see cref="EdgeQueue"/>). A stage with
/// Inputs gets an input pipe; a thread (the feeder) empties its queues in the order listed
/// (`Input="a;b"` is a's stream, then b's) into it. Full queues and pipes block the side behind them:
/// that is the flow control from a slow consumer back to its producer's guest. A queue whose reader
/// is still on an earlier Input spills instead of blocking, so readers that list shared producers in
/// different orders cannot stall each other. A reader that exits early is drained into nothing, so
/// its producer never blocks on it.
/// </summary>
internal sealed class PipelineStreams : IDisposable
{
    internal const int ChunkBytes = 1 << 20;
    /// <summary>Chunks in flight per edge: enough to keep both sides busy, bounded so a fast producer waits.</summary>
    const int QueueChunks = 8;

    readonly Dictionary<(string From, string To), EdgeQueue> edges = new();
    readonly Dictionary<string, List<string>> readers = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, IReadOnlyList<string>> inputs = new(StringComparer.OrdinalIgnoreCase);
    readonly List<HostPipe> pipes = [];
    /// <summary>The direct pipes, by producer: made when the first of the two stages starts.</summary>
    readonly Dictionary<string, HostPipe> direct = new(StringComparer.OrdinalIgnoreCase);
    readonly CancellationTokenSource stopping = new();

    readonly bool directLinks;

    /// <param name="directLinks">Whether a lone `a | b` edge may be a link between the two launchers (false when they run on other nodes).</param>
    public PipelineStreams(IEnumerable<PipelineStage> stages, bool directLinks = true)
    {
        this.directLinks = directLinks;
        foreach (var stage in stages)
        {
            inputs[stage.Name] = stage.Inputs;
            foreach (var from in stage.Inputs)
            {
                edges[(from.ToLowerInvariant(), stage.Name.ToLowerInvariant())] = new EdgeQueue(QueueChunks, Path.GetTempPath());
                if (!readers.TryGetValue(from, out var list)) readers[from] = list = [];
                list.Add(stage.Name);
            }
        }
    }

    bool IsDirect(string from) =>
        directLinks && readers.TryGetValue(from, out var to) && to.Count == 1 && inputs[to[0]].Count == 1;

    HostPipe NewPipe() => Track(HostPipe.Create());

    HostPipe Track(HostPipe pipe)
    {
        lock (pipes) pipes.Add(pipe);
        return pipe;
    }

    HostPipe DirectPipe(string from)
    {
        lock (direct)
        {
            if (!direct.TryGetValue(from, out var pipe))
                direct[from] = pipe = Track(HostPipe.CreateLink());
            return pipe;
        }
    }

    /// <summary>The pipe ends a stage's launcher gets (either may be null), made before it starts.</summary>
    public (PipeEnd? Input, PipeEnd? Output) PipesFor(string stage)
    {
        var from = inputs.TryGetValue(stage, out var list) ? list : [];
        PipeEnd? input = from.Count == 0 ? null : (IsDirect(from[0]) ? DirectPipe(from[0]) : NewPipe()).End(readEnd: true);
        PipeEnd? output = !readers.ContainsKey(stage) ? null : (IsDirect(stage) ? DirectPipe(stage) : NewPipe()).End(readEnd: false);
        return (input, output);
    }

    /// <summary>The stage's launcher has started: move its data through the runner where the edge is not direct.</summary>
    public void Started(string stage, PipeEnd? input, PipeEnd? output)
    {
        if (output is not null && !IsDirect(stage))
            Run($"tee {stage}", () => Tee(output.Pipe.RunnerStream(readEnd: true), readers[stage].Select(to => Edge(stage, to)).ToArray()));
        if (input is not null && !IsDirect(inputs[stage][0]))
            Run($"feed {stage}", () => Feed(inputs[stage].Select(from => Edge(from, stage)).ToArray(), input.Pipe.RunnerStream(readEnd: false)));
    }

    EdgeQueue Edge(string from, string to) => edges[(from.ToLowerInvariant(), to.ToLowerInvariant())];

    static void Run(string name, Action body) =>
        new Thread(() =>
        {
            try { body(); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException) { }
        }) { IsBackground = true, Name = name }.Start();

    void Tee(Stream source, EdgeQueue[] targets)
    {
        try
        {
            var buffer = new byte[ChunkBytes];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                // One exact-size copy per chunk (a pipe read may return a few KiB), shared by every
                // reader: nobody writes to it after this.
                ReadOnlyMemory<byte> chunk = buffer.AsSpan(0, read).ToArray();
                foreach (var target in targets)
                    target.Add(chunk, stopping.Token);
            }
        }
        finally
        {
            foreach (var target in targets)
                target.CompleteAdding();
        }
    }

    void Feed(EdgeQueue[] sources, Stream sink)
    {
        var open = true;
        foreach (var source in sources)
            foreach (var chunk in source.Take(stopping.Token))
            {
                if (!open) continue; // the stage is gone: drain, so its producers keep going
                try { sink.Write(chunk.Span); }
                catch (IOException) { open = false; }
            }
        sink.Dispose(); // end of stream: the launcher closes the guest's input channel
    }

    public void Dispose()
    {
        stopping.Cancel();
        lock (pipes)
        {
            foreach (var pipe in pipes)
                pipe.Dispose();
            pipes.Clear();
        }
        foreach (var edge in edges.Values)
            edge.Dispose();
    }
}
