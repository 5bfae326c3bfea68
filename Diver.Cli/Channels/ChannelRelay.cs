using Diver.Cli.SplitVm;

namespace Diver.Cli.Channels;

/// <summary>
/// Moves one run's channel data between guest RAM and the host ends, one thread per direction.
/// Each waits for the kernel to publish its ring, then copies whole contiguous pieces; an idle
/// side backs off (<see cref="IdlePolicy"/>: spin, yield, then 1 ms sleeps), so a stage that
/// computes does not cost a host core. A reader that went away (a closed pipe) turns the output
/// side into a drain, so the guest never blocks on a ring nobody empties.
/// </summary>
internal sealed class ChannelRelay
{
    readonly GuestMemory memory;
    readonly ChannelPlan plan;
    readonly Stream? input;
    readonly Stream? output;
    readonly Thread? inputThread;
    readonly Thread? outputThread;
    volatile bool qemuExited;
    volatile bool stopping;

    /// <summary>A problem with the guest's rings (ABI broken), reported when the run ends.</summary>
    public string? Problem { get; private set; }

    public ChannelRelay(GuestMemory memory, ChannelPlan plan, Stream? input, Stream? output)
    {
        this.memory = memory;
        this.plan = plan;
        this.input = input;
        this.output = output;
        if (input is not null)
            inputThread = new Thread(FeedGuest) { IsBackground = true, Name = "diver channel in" };
        if (output is not null)
            outputThread = new Thread(DrainGuest) { IsBackground = true, Name = "diver channel out" };
    }

    public void Start()
    {
        inputThread?.Start();
        outputThread?.Start();
    }

    ChannelRing? WaitForRing(ulong nonce, uint direction)
    {
        var idle = new IdlePolicy();
        while (!stopping)
        {
            // Read the exit first: a ring published just before QEMU exited is still found below.
            var exited = qemuExited;
            var ring = ChannelRing.Find(memory, nonce, direction);
            if (ring is not null || exited) return ring;
            idle.Wait();
        }
        return null;
    }

    void FeedGuest()
    {
        try
        {
            var ring = WaitForRing(plan.InputNonce, ChannelAbi.IntoGuest);
            var idle = new IdlePolicy();
            while (ring is not null && !stopping && !qemuExited)
            {
                var moved = ring.Fill(input!);
                if (moved < 0) return;
                if (moved > 0) idle.Worked();
                else idle.Wait(); // the ring is full: the guest reads slower than the source writes
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Problem ??= e.Message;
        }
    }

    void DrainGuest()
    {
        var sink = output;
        try
        {
            var ring = WaitForRing(plan.OutputNonce, ChannelAbi.OutOfGuest);
            var idle = new IdlePolicy();
            while (ring is not null && !stopping)
            {
                // Read the exit before draining: once QEMU is gone, one more drain takes the rest.
                var exited = qemuExited;
                long moved;
                try
                {
                    moved = ring.Drain(sink);
                }
                catch (IOException)
                {
                    sink = null; // the reader is gone: keep the guest moving, drop its output
                    continue;
                }
                if (moved < 0 || (moved == 0 && exited)) return;
                if (moved > 0) idle.Worked();
                else idle.Wait();
            }
        }
        catch (InvalidDataException e)
        {
            Problem ??= e.Message;
        }
        finally
        {
            // End of stream for whoever reads the host side, even if the guest never closed it.
            try { output!.Dispose(); } catch (IOException) { }
        }
    }

    /// <summary>QEMU has exited: the output side takes what is left in its ring and ends its stream.</summary>
    public void Finish(TimeSpan drainLimit)
    {
        qemuExited = true;
        if (outputThread is not null && !outputThread.Join(drainLimit))
            stopping = true;
        // The input side may sit in a blocking read of its source; it is a background thread that
        // touches guest RAM only after the read, and the caller keeps the mapping until exit.
        stopping = true;
    }
}
