using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Pipelines;

/// <summary>
/// One Input edge's chunks, in order, from the producer's tee to the reader's feeder. While the feeder
/// takes from this edge it holds at most <c>bound</c> chunks, and a full queue holds the producer back:
/// the flow control from a slow consumer. While the feeder is still on an Input listed before this one,
/// chunks past the bound go to a file with no name instead. Otherwise a producer that two readers list
/// in opposite orders (<c>Input="a;b"</c> and <c>Input="b;a"</c>) would wait on a reader that cannot take
/// its bytes yet, while that reader waits for the other producer, held back the same way by the first
/// reader: both would stall for good. The file is unlinked the moment it is made, so however the runner
/// ends it leaves nothing behind; it costs disk only for bytes a reader has not reached yet.
/// </summary>
internal sealed class EdgeQueue(int bound, string spillFolder) : IDisposable
{
    static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(100);
    readonly object gate = new();
    readonly Queue<ReadOnlyMemory<byte>> held = new();
    SafeFileHandle? spill;
    long spillWritten;
    long spillRead;
    bool reading;
    bool completed;

    bool SpillEmpty => spillRead == spillWritten;

    /// <summary>The producer's next chunk: queued, spilled (the reader is not on this edge yet), or waited for room.</summary>
    public void Add(ReadOnlyMemory<byte> chunk, CancellationToken stop)
    {
        lock (gate)
        {
            while (true)
            {
                stop.ThrowIfCancellationRequested();
                if (SpillEmpty && held.Count < bound)
                {
                    held.Enqueue(chunk);
                    break;
                }
                if (!reading)
                {
                    Spill(chunk); // behind what is held or spilled already: the order stays
                    break;
                }
                Monitor.Wait(gate, Recheck); // the reader is on this edge and behind: flow control
            }
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The producer is done: the reader gets end of stream after the last chunk.</summary>
    public void CompleteAdding()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The chunks in order until the producer is done; from the first call on, this edge is the one being read.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Take(CancellationToken stop)
    {
        lock (gate)
        {
            reading = true;
            Monitor.PulseAll(gate);
        }
        while (Next(stop) is { } chunk)
            yield return chunk;
    }

    ReadOnlyMemory<byte>? Next(CancellationToken stop)
    {
        lock (gate)
        {
            while (held.Count == 0 && SpillEmpty && !completed)
            {
                stop.ThrowIfCancellationRequested();
                Monitor.Wait(gate, Recheck);
            }
            ReadOnlyMemory<byte>? next = null;
            if (held.Count > 0)
                next = held.Dequeue(); // held chunks are older than spilled ones
            else if (!SpillEmpty)
            {
                var buffer = new byte[(int)Math.Min(spillWritten - spillRead, PipelineStreams.ChunkBytes)];
                var read = RandomAccess.Read(spill!, buffer, spillRead);
                spillRead += read;
                next = buffer.AsMemory(0, read);
            }
            Monitor.PulseAll(gate);
            return next;
        }
    }

    void Spill(ReadOnlyMemory<byte> chunk)
    {
        spill ??= UnnamedFile();
        RandomAccess.Write(spill, chunk.Span, spillWritten);
        spillWritten += chunk.Length;
    }

    SafeFileHandle UnnamedFile()
    {
        var path = Path.Combine(spillFolder, $"diver-edge-{Guid.NewGuid():N}");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
        File.Delete(path); // no name from here on: nothing to leave behind
        return handle;
    }

    public void Dispose()
    {
        lock (gate) spill?.Dispose();
    }
}
