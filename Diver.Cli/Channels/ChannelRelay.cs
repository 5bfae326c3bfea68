using Diver.Cli.SplitVm;

namespace Diver.Cli.Channels;

/// <summary>
/// Moves one run's channel data between guest RAM and the host ends, one thread per direction.
/// Each waits for the kernel to publish its ring, then copies whole contiguous pieces; an idle
/// side backs off (<see cref="IdlePolicy"/>: spin, yield, then 1 ms sleeps), so a stage that
/// computes does not cost a host core. A reader that went away (a closed pipe) turns the output
/// side into a drain, so the guest never blocks on a ring nobody empties.
/// On a direct `a | b` edge (<see cref="RingLink"/>) the output side only hands its guest RAM over and
/// waits, and the next stage's input side copies ring to ring: one relay thread and one copy per byte
/// for the edge instead of two threads, two copies and a pipe; it naps rather than yields when idle
/// (<see cref="IdlePolicy.ForChannels"/>). The stream relays keep spinning 200 µs: a host program
/// exchanging single bytes with a guest (a ping-pong) is answered without a wake-up.
/// </summary>
internal sealed class ChannelRelay
{
    readonly GuestMemory memory;
    readonly ChannelPlan plan;
    readonly Stream? input;
    readonly Stream? output;
    readonly RingLink? inputLink;
    readonly RingLink? outputLink;
    readonly Thread? inputThread;
    readonly Thread? outputThread;
    volatile bool qemuExited;
    volatile bool stopping;
    /// <summary>The previous stage's launcher hung up its link: its guest writes nothing more.</summary>
    volatile bool writerGone;
    /// <summary>The link's offer has arrived: from here on this side may copy from the writer's ring.</summary>
    volatile bool offered;
    /// <summary>The writer's guest RAM, held (never unmapped) until this process exits: a copy may still be in flight when the run ends.</summary>
    SplitVm.SharedRamFile? peerRam;

    /// <summary>A problem with the guest's rings (ABI broken), reported when the run ends.</summary>
    public string? Problem { get; private set; }

    public ChannelRelay(GuestMemory memory, ChannelPlan plan, Stream? input, Stream? output, RingLink? inputLink = null, RingLink? outputLink = null)
    {
        this.memory = memory;
        this.plan = plan;
        this.input = input;
        this.output = output;
        this.inputLink = inputLink;
        this.outputLink = outputLink;
        if (input is not null)
            inputThread = new Thread(FeedGuest) { IsBackground = true, Name = "diver channel in" };
        else if (inputLink is not null)
            inputThread = new Thread(FeedGuestFromPeer) { IsBackground = true, Name = "diver channel ring" };
        if (output is not null)
            outputThread = new Thread(() => DrainGuest(output)) { IsBackground = true, Name = "diver channel out" };
        else if (outputLink is not null)
            outputThread = new Thread(OfferGuest) { IsBackground = true, Name = "diver channel offer" };
    }

    public void Start()
    {
        inputThread?.Start();
        outputThread?.Start();
    }

    ChannelRing? WaitForRing(ulong nonce, uint direction) => WaitForRing(memory, nonce, direction, () => qemuExited);

    /// <param name="gone">Whether the guest that publishes the ring has gone (read before each look, so a ring published just before is still found).</param>
    ChannelRing? WaitForRing(GuestMemory ram, ulong nonce, uint direction, Func<bool> gone)
    {
        var idle = new IdlePolicy();
        while (!stopping)
        {
            var exited = gone();
            var ring = ChannelRing.Find(ram, nonce, direction);
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

    /// <param name="sink">Where the output goes; null: nowhere (the reader is gone).</param>
    void DrainGuest(Stream? sink)
    {
        var stream = sink;
        try
        {
            var ring = WaitForRing(plan.OutputNonce, ChannelAbi.OutOfGuest);
            ring?.ServeLoans(); // Drain takes write loans
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
            try { stream?.Dispose(); } catch (IOException) { }
        }
    }

    /// <summary>
    /// A direct edge's writer side: hands guest RAM over to the reader's launcher, which copies the
    /// output ring from there, and waits. If the reader's launcher hangs up while this guest still
    /// runs (the reader exited early), this side drains the ring into nothing, so the guest never
    /// blocks on a ring nobody empties; the reader's relay has stopped before it hangs up.
    /// </summary>
    void OfferGuest()
    {
        try
        {
            outputLink!.Offer(memory.File!, memory.Size, plan.OutputNonce);
            outputLink.WaitForHangUp();
        }
        catch (IOException)
        {
            // The reader's launcher is already gone (as a closed pipe would be): drain below.
        }
        // After this side's own hang-up (QEMU exited) the reader still takes the rest: leave the ring alone.
        if (!qemuExited)
            DrainGuest(null);
    }

    /// <summary>
    /// A direct edge's reader side: maps the writer's guest RAM from the link, then copies its output
    /// ring straight into this guest's input ring until the writer closes it (or its launcher hangs up:
    /// the writer died), then closes this guest's input.
    /// </summary>
    void FeedGuestFromPeer()
    {
        ChannelRing? own = null;
        try
        {
            var offer = inputLink!.Receive();
            offered = true;
            own = WaitForRing(plan.InputNonce, ChannelAbi.IntoGuest);
            if (offer is not { } peer)
            {
                own?.Close(); // the writer never started: an empty stream
                return;
            }
            peerRam = SplitVm.SharedRamFile.Map(peer.Ram, peer.RamBytes);
            new Thread(() => { inputLink.WaitForHangUp(); writerGone = true; }) { IsBackground = true, Name = "diver channel link" }.Start();
            var from = WaitForRing(peerRam.Memory, peer.Nonce, ChannelAbi.OutOfGuest, () => writerGone);
            if (own is null) return;
            if (from is null)
            {
                own.Close();
                return;
            }
            // MoveTo takes the writer's loans and fills the reader's: large writes and reads cost neither guest a copy.
            from.ServeLoans();
            own.ServeLoans();
            // Naps, not yields: both guests of the stream need the host's cores (see IdlePolicy.ForChannels).
            var idle = IdlePolicy.ForChannels();
            while (!stopping && !qemuExited)
            {
                // Read the hang-up before moving: once the writer is gone, one more move takes the rest.
                var gone = writerGone;
                var moved = from.MoveTo(own);
                if (moved < 0 || (moved == 0 && gone && from.IsEmpty))
                {
                    own.Close();
                    return;
                }
                if (moved > 0) idle.Worked();
                else idle.Wait(); // the writer is behind, or this guest's ring is full
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Problem ??= e.Message;
            own?.Close(); // end of stream rather than a guest waiting forever; the problem is reported
        }
    }

    /// <summary>QEMU has exited: the output side takes what is left in its ring and ends its stream.</summary>
    public void Finish(TimeSpan drainLimit)
    {
        qemuExited = true;
        // A linked output side: the reader's launcher takes the rest from the guest RAM it maps; hanging
        // up tells it nothing more comes (and wakes this side's wait).
        outputLink?.HangUp();
        if (outputThread is not null && !outputThread.Join(drainLimit))
            stopping = true;
        // The input side may sit in a blocking read of its source; it is a background thread that
        // touches guest RAM only after the read, and the caller keeps the mapping until exit.
        stopping = true;
        if (inputLink is not null)
        {
            // The writer's launcher must not drain its ring while this relay still copies from it: hang up
            // once the relay has stopped (at once if it still waits for the offer; it copies nothing after
            // qemuExited anyway).
            if (!offered) inputLink.HangUp();
            inputThread?.Join(drainLimit);
            inputLink.HangUp();
        }
    }
}
