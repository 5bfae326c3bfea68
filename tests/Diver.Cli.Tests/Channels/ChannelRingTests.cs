using Diver.Cli.Channels;
using Diver.Cli.Run;
using Diver.Cli.Tests.SplitVm;
using Diver.Cli.Tests.Unit;
using Diver.Qemu;

namespace Diver.Cli.Tests.Channels;

/// <summary>
/// The host end of the channel ABI against a ring laid out in memory exactly as the kernel publishes
/// it (docs/channel-abi.md): discovery by magic and nonce, wrap-around, flow control, end of stream,
/// a header that breaks the ABI; and the launch plan's kernel options and refusal.
/// </summary>
public sealed class ChannelRingTests
{
    const long Header = 0x200000;
    const ulong Data = 0x201000;
    const ulong Size = 4096;
    const ulong Nonce = 0x5eed;

    /// <summary>A ring as chan_ring_publish leaves it; head/tail start where the test says (to put the wrap anywhere).</summary>
    static GuestBuffer Published(uint direction, ulong start = 0, ulong size = Size)
    {
        var guest = new GuestBuffer(4 << 20);
        var m = guest.Memory;
        m.WriteUInt64(Header + 8, Nonce);
        m.WriteUInt32(Header + ChannelAbi.HeaderVersion, ChannelAbi.Version);
        m.WriteUInt32(Header + ChannelAbi.HeaderDirection, direction);
        m.WriteUInt64(Header + ChannelAbi.HeaderDataAddress, Data);
        m.WriteUInt64(Header + ChannelAbi.HeaderSize, size);
        m.WriteUInt64(Header + ChannelAbi.HeaderHead, start);
        m.WriteUInt64(Header + ChannelAbi.HeaderTail, start);
        m.WriteUInt64(Header, ChannelAbi.Magic);
        return guest;
    }

    /// <summary>What the guest's chan_ring_write does, byte by byte (the test's reference, not the kernel's code).</summary>
    static void GuestWrite(GuestBuffer guest, byte[] bytes)
    {
        var m = guest.Memory;
        var head = m.ReadUInt64(Header + ChannelAbi.HeaderHead);
        foreach (var b in bytes)
            m.Span(Data + (head++ % Size), 1)[0] = b;
        m.WriteUInt64(Header + ChannelAbi.HeaderHead, head);
    }

    static byte[] GuestRead(GuestBuffer guest)
    {
        var m = guest.Memory;
        var tail = m.ReadUInt64(Header + ChannelAbi.HeaderTail);
        var head = m.ReadUInt64(Header + ChannelAbi.HeaderHead);
        var bytes = new byte[head - tail];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = m.Span(Data + ((tail + (ulong)i) % Size), 1)[0];
        m.WriteUInt64(Header + ChannelAbi.HeaderTail, head);
        return bytes;
    }

    [Fact]
    public void The_ring_is_found_by_magic_and_nonce_only()
    {
        using var guest = Published(ChannelAbi.OutOfGuest);
        Assert.NotNull(ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.OutOfGuest));
        Assert.Null(ChannelRing.Find(guest.Memory, Nonce + 2, ChannelAbi.OutOfGuest));
    }

    /// <summary>
    /// A direct edge's relay: one guest's output ring straight into another guest's input ring, both
    /// wrapping at different places, as far as the target has room (flow control), in order, and -1
    /// only once the writer closed and everything before the close was moved.
    /// </summary>
    [Fact]
    public void Ring_to_ring_moves_in_order_across_both_wraps_as_far_as_the_target_has_room()
    {
        using var writer = Published(ChannelAbi.OutOfGuest, start: Size - 100);
        using var reader = Published(ChannelAbi.IntoGuest, start: Size - 1000);
        var from = ChannelRing.Find(writer.Memory, Nonce, ChannelAbi.OutOfGuest)!;
        var to = ChannelRing.Find(reader.Memory, Nonce, ChannelAbi.IntoGuest)!;
        var sent = Enumerable.Range(0, 6000).Select(i => (byte)(i * 7)).ToArray();

        GuestWrite(writer, sent[..3000]);
        Assert.Equal(3000, from.MoveTo(to));
        GuestWrite(writer, sent[3000..]);
        Assert.Equal((long)Size - 3000, from.MoveTo(to)); // the reader's ring is full now
        Assert.Equal(0, from.MoveTo(to));
        var received = GuestRead(reader);
        Assert.Equal((int)Size, received.Length);
        writer.Memory.WriteUInt32(Header + ChannelAbi.HeaderClosed, 1);
        Assert.Equal(6000 - (long)Size, from.MoveTo(to)); // closed, but bytes are left: they come first
        Assert.Equal(-1, from.MoveTo(to));

        Assert.Equal(sent, received.Concat(GuestRead(reader)));
    }

    [Fact]
    public void Output_drains_across_the_wrap_in_order_then_ends_when_closed()
    {
        using var guest = Published(ChannelAbi.OutOfGuest, start: Size - 100);
        var ring = ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.OutOfGuest)!;
        var sent = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var sink = new MemoryStream();

        GuestWrite(guest, sent);
        Assert.Equal(300, ring.Drain(sink));
        Assert.Equal(0, ring.Drain(sink)); // empty, not closed: nothing yet
        guest.Memory.WriteUInt32(Header + ChannelAbi.HeaderClosed, 1);

        Assert.Equal(-1, ring.Drain(sink));
        Assert.Equal(sent, sink.ToArray());
    }

    [Fact]
    public void Input_fills_only_the_free_space_and_closes_at_the_sources_end()
    {
        using var guest = Published(ChannelAbi.IntoGuest, start: 10);
        var ring = ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.IntoGuest)!;
        var source = new MemoryStream(Enumerable.Range(0, 10000).Select(i => (byte)(i * 7)).ToArray());
        var received = new List<byte>();

        long moved;
        while ((moved = ring.Fill(source)) != -1)
        {
            if (moved == 0) received.AddRange(GuestRead(guest)); // full: the guest reads, making room
            Assert.True(guest.Memory.ReadUInt64(Header + ChannelAbi.HeaderHead) - guest.Memory.ReadUInt64(Header + ChannelAbi.HeaderTail) <= Size);
        }
        received.AddRange(GuestRead(guest));

        Assert.Equal(source.ToArray(), received.ToArray());
        Assert.Equal(1u, guest.Memory.ReadUInt32(Header + ChannelAbi.HeaderClosed));
    }

    /// <summary>A writer's output ring and a reader's input ring, both fresh: what a direct edge's relay joins.</summary>
    sealed class Edge : IDisposable
    {
        public GuestBuffer Writer { get; } = Published(ChannelAbi.OutOfGuest);
        public GuestBuffer Reader { get; } = Published(ChannelAbi.IntoGuest);
        public ChannelRing From => ChannelRing.Find(Writer.Memory, Nonce, ChannelAbi.OutOfGuest)!;
        public ChannelRing To => ChannelRing.Find(Reader.Memory, Nonce, ChannelAbi.IntoGuest)!;

        public void Dispose()
        {
            Writer.Dispose();
            Reader.Dispose();
        }
    }

    const ulong WriterLoan = 0x300000;
    const ulong ReaderLoan = 0x380000;

    /// <summary>What chan_ring_post_loan does: the buffer, then the count the host looks at.</summary>
    static void PostLoan(GuestBuffer guest, ulong address, ulong length)
    {
        var m = guest.Memory;
        m.WriteUInt64(Header + ChannelAbi.HeaderLoanAddress, address);
        m.WriteUInt64(Header + ChannelAbi.HeaderLoanLength, length);
        m.WriteUInt64(Header + ChannelAbi.HeaderLoanPosted, m.ReadUInt64(Header + ChannelAbi.HeaderLoanPosted) + 1);
    }

    /// <summary>Null while the guest's loan is out; once answered, the bytes the host moved for it.</summary>
    static ulong? Answer(GuestBuffer guest)
    {
        var m = guest.Memory;
        return m.ReadUInt64(Header + ChannelAbi.HeaderLoanAnswered) == m.ReadUInt64(Header + ChannelAbi.HeaderLoanPosted)
            ? m.ReadUInt64(Header + ChannelAbi.HeaderLoanMoved)
            : null;
    }

    static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();

    static void Put(GuestBuffer guest, ulong address, byte[] bytes) => bytes.CopyTo(guest.Memory.Span(address, bytes.Length));

    static byte[] Get(GuestBuffer guest, ulong address, int length) => guest.Memory.Span(address, length).ToArray();

    /// <summary>
    /// A large write lent to the host (docs/channel-abi.md, "Loans"): the ring's bytes written before it come
    /// first, then the loan's, and the loan is answered once, when the host has taken all of it.
    /// </summary>
    [Fact]
    public void A_write_loan_is_taken_after_the_ring_bytes_before_it_and_answered_once_whole()
    {
        using var guest = Published(ChannelAbi.OutOfGuest, start: Size - 100);
        var ring = ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.OutOfGuest)!;
        ring.ServeLoans();
        var early = Pattern(300, 1);
        var lent = Pattern(200000, 2);
        var sink = new MemoryStream();

        Assert.Equal(1u, guest.Memory.ReadUInt32(Header + ChannelAbi.HeaderLoans));
        GuestWrite(guest, early);
        Put(guest, WriterLoan, lent);
        PostLoan(guest, WriterLoan, (ulong)lent.Length);
        Assert.Null(Answer(guest));
        Assert.Equal(300 + lent.Length, ring.Drain(sink));
        Assert.Equal((ulong)lent.Length, Answer(guest));
        Assert.Equal(0, ring.Drain(sink)); // answered once: nothing is taken twice
        guest.Memory.WriteUInt32(Header + ChannelAbi.HeaderClosed, 1);
        Assert.Equal(-1, ring.Drain(sink));

        Assert.Equal(early.Concat(lent), sink.ToArray());
    }

    /// <summary>
    /// Loan to loan: a writer's loan goes straight into a reader's large read loans, a loan's worth at a time,
    /// and neither ring is touched; while the reader has no loan out the host waits for its next one rather
    /// than fill its ring (which the guest would have to copy out).
    /// </summary>
    [Fact]
    public void Loan_to_loan_moves_without_either_ring()
    {
        using var edge = new Edge();
        var (writer, reader, from, to) = (edge.Writer, edge.Reader, edge.From, edge.To);
        var lent = Pattern(200 * 1024, 3);
        const int ReadSize = 128 * 1024;

        Put(writer, WriterLoan, lent);
        PostLoan(writer, WriterLoan, (ulong)lent.Length);
        PostLoan(reader, ReaderLoan, ReadSize);
        Assert.Equal(ReadSize, from.MoveTo(to));
        Assert.Equal((ulong)ReadSize, Answer(reader));
        var received = Get(reader, ReaderLoan, ReadSize);
        Assert.Null(Answer(writer)); // 72 KiB of it are still to go
        Assert.Equal(0, from.MoveTo(to)); // no read loan out: the reader's ring stays empty
        Assert.Equal(0ul, reader.Memory.ReadUInt64(Header + ChannelAbi.HeaderHead));
        PostLoan(reader, ReaderLoan, ReadSize);
        Assert.Equal(lent.Length - ReadSize, from.MoveTo(to));

        Assert.Equal((ulong)(lent.Length - ReadSize), Answer(reader));
        Assert.Equal((ulong)lent.Length, Answer(writer));
        Assert.Equal(lent, received.Concat(Get(reader, ReaderLoan, lent.Length - ReadSize)));
        Assert.Equal(0ul, writer.Memory.ReadUInt64(Header + ChannelAbi.HeaderTail));
        Assert.Equal(0ul, reader.Memory.ReadUInt64(Header + ChannelAbi.HeaderHead));
    }

    /// <summary>A reader that lends small buffers (one byte, as a getc does) gets its loan first and the rest in its ring, in order.</summary>
    [Fact]
    public void A_reader_lending_a_small_buffer_gets_the_rest_in_its_ring_behind_it()
    {
        using var edge = new Edge();
        var (writer, reader, from, to) = (edge.Writer, edge.Reader, edge.From, edge.To);
        var lent = Pattern(3000, 4);

        Put(writer, WriterLoan, lent);
        PostLoan(writer, WriterLoan, (ulong)lent.Length);
        PostLoan(reader, ReaderLoan, 1);
        Assert.Equal(lent.Length, from.MoveTo(to));

        Assert.Equal(1ul, Answer(reader));
        Assert.Equal((ulong)lent.Length, Answer(writer));
        Assert.Equal(lent, Get(reader, ReaderLoan, 1).Concat(GuestRead(reader)));
    }

    /// <summary>
    /// A read loan posted while the host was putting bytes in the ring (the guest saw it empty just before)
    /// is declined, even with nothing to move: the guest reads the ring instead of waiting on the loan.
    /// </summary>
    [Fact]
    public void A_read_loan_posted_while_the_ring_held_bytes_is_declined()
    {
        using var edge = new Edge();
        var (writer, reader, from, to) = (edge.Writer, edge.Reader, edge.From, edge.To);

        GuestWrite(writer, [1, 2, 3]);
        Assert.Equal(3, from.MoveTo(to));
        PostLoan(reader, ReaderLoan, 256 * 1024);
        Assert.Equal(0, from.MoveTo(to));

        Assert.Equal(0ul, Answer(reader));
        Assert.Equal([1, 2, 3], GuestRead(reader));
    }

    [Fact]
    public void Closing_an_input_answers_the_read_loan_that_is_out()
    {
        using var reader = Published(ChannelAbi.IntoGuest);
        var to = ChannelRing.Find(reader.Memory, Nonce, ChannelAbi.IntoGuest)!;

        PostLoan(reader, ReaderLoan, 4096);
        to.Close();

        Assert.Equal(0ul, Answer(reader)); // nothing in it: the guest then sees the end
        Assert.Equal(1u, reader.Memory.ReadUInt32(Header + ChannelAbi.HeaderClosed));
    }

    [Fact]
    public void A_loan_shortened_while_it_is_out_is_an_error_not_a_wild_copy()
    {
        using var edge = new Edge();
        var (writer, reader, from, to) = (edge.Writer, edge.Reader, edge.From, edge.To);
        PostLoan(writer, WriterLoan, 200 * 1024);
        PostLoan(reader, ReaderLoan, 128 * 1024);
        Assert.Equal(128 * 1024, from.MoveTo(to));

        writer.Memory.WriteUInt64(Header + ChannelAbi.HeaderLoanLength, 1000); // below the 128 KiB already moved

        PostLoan(reader, ReaderLoan, 128 * 1024);
        Assert.Throws<InvalidDataException>(() => from.MoveTo(to));
    }

    [Fact]
    public void A_loan_outside_guest_RAM_is_an_error_not_a_wild_copy()
    {
        using var guest = Published(ChannelAbi.OutOfGuest);
        var ring = ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.OutOfGuest)!;

        PostLoan(guest, (ulong)guest.Memory.Size - 100, 4096);

        Assert.Throws<InvalidDataException>(() => ring.Drain(new MemoryStream()));
    }

    [Fact]
    public void A_header_that_breaks_the_ABI_is_an_error_not_a_wild_copy()
    {
        using var guest = Published(ChannelAbi.OutOfGuest, size: 3000); // not a power of two
        Assert.Throws<InvalidDataException>(() => ChannelRing.Find(guest.Memory, Nonce, ChannelAbi.OutOfGuest));
    }

    [Fact]
    public void The_launch_plan_asks_the_kernel_for_both_rings_before_the_apps_argv()
    {
        var net = LaunchPlanTests.Net with { Channels = true };
        var plan = LaunchPlan.Create(new RunOptions { NetPath = "hello.net.json", ChannelIn = "5", ChannelOut = "6", GuestArguments = ["x"] }, net,
            "/nets/hello.elf", () => KvmAvailability.Yes, "/usr/bin/qemu-system-x86_64", "/tmp/console.log");

        var argv = plan.Command.GuestArguments.ToArray();
        Assert.Matches("^diver.chin=[0-9a-f]+$", argv[0]);
        Assert.Matches("^diver.chout=[0-9a-f]+$", argv[1]);
        Assert.Equal(["--", "hello", "x"], argv[2..]);
        Assert.Equal(ChannelAbi.InputOption(plan.Channels!.InputNonce), argv[0]);
    }

    [Fact]
    public void A_kernel_without_channels_is_refused_with_DIVER3803()
    {
        var e = Assert.Throws<DiverException>(() => LaunchPlan.Create(new RunOptions { NetPath = "hello.net.json", ChannelOut = "out.bin" },
            LaunchPlanTests.Net, "/nets/hello.elf", () => KvmAvailability.Yes, "/usr/bin/qemu-system-x86_64", "/tmp/console.log"));
        Assert.Equal(ErrorCodes.KernelWithoutChannels, e.Code);
    }
}
