using System.Diagnostics;

namespace Diver.Cli.SplitVm;

/// <summary>
/// The general-purpose side of SplitVM: one thread, pinned to its own host cores, that finds the
/// kernel's ring in guest RAM and serves its requests in ticket order until stopped.
/// </summary>
internal sealed class ForwardProxy(GuestMemory memory, ulong nonce, RequestHandler handler, ForwardTrace? trace, IReadOnlyList<int> cpus) : IDisposable
{
    /// <summary>How often to look for the header before the kernel has published it.</summary>
    static readonly TimeSpan LocateInterval = TimeSpan.FromMilliseconds(2);

    readonly IdlePolicy idle = new();
    Thread? thread;
    volatile bool stopping;

    public long Served { get; private set; }
    /// <summary>Why the proxy stopped serving early (a header that breaks the ABI), or null.</summary>
    public string? Problem { get; private set; }

    public void Start()
    {
        // Background: a proxy stuck in a host call must never keep the launcher alive.
        thread = new Thread(Run) { IsBackground = true, Name = "diver-forward-proxy" };
        thread.Start();
    }

    void Run()
    {
        HostCpus.PinCurrentThread(cpus);
        var header = -1L;
        while (!stopping && (header = HeaderLocator.Find(memory, nonce)) < 0)
            Thread.Sleep(LocateInterval);
        if (stopping) return;
        var slots = HeaderLocator.Slots(memory, header);
        if (slots < 0)
        {
            Problem = "the kernel's forwarding header does not match ABI version 1";
            return;
        }
        Serve(header, slots);
    }

    void Serve(long header, long slots)
    {
        ulong next = 0;
        while (!stopping)
        {
            var slot = slots + (long)(next % ForwardAbi.SlotCount) * ForwardAbi.SlotSize;
            if (memory.ReadUInt32(slot + ForwardAbi.SlotState) != ForwardAbi.Posted)
            {
                idle.Wait();
                continue;
            }
            ServeSlot(slot);
            next++;
            Served++;
            memory.WriteUInt64(header + ForwardAbi.HeaderProxySeen, next);
            idle.Worked();
        }
    }

    /// <summary>One request: decode, handle, answer. Public to the tests through <see cref="ServeSlotForTest"/>.</summary>
    void ServeSlot(long slot)
    {
        var start = Stopwatch.GetTimestamp();
        var op = (ForwardOp)memory.ReadUInt32(slot + ForwardAbi.SlotOp);
        var a = slot + ForwardAbi.SlotArgs;
        var a2 = memory.ReadUInt64(a + 16);
        var result = handler.Handle(op, memory.ReadUInt64(a), memory.ReadUInt64(a + 8), a2, memory.ReadUInt64(a + 24));
        memory.WriteUInt64(slot + ForwardAbi.SlotResult, (ulong)result);
        memory.WriteUInt32(slot + ForwardAbi.SlotState, ForwardAbi.Done);
        trace?.Record(op, TransferredBytes(op, result, a2), Stopwatch.GetElapsedTime(start));
    }

    internal void ServeSlotForTest(long slot) => ServeSlot(slot);

    /// <summary>Bytes the call moved: what read/write returned, or the path/listing size.</summary>
    static long TransferredBytes(ForwardOp op, long result, ulong a2) =>
        op is ForwardOp.Read or ForwardOp.Write or ForwardOp.Pread or ForwardOp.Pwrite or ForwardOp.Listdir && result > 0 ? result : 0;

    public void Dispose()
    {
        stopping = true;
        thread?.Join(TimeSpan.FromSeconds(2));
    }
}
