using Diver.Cli.SplitVm;

namespace Diver.Cli.Channels;

/// <summary>
/// The host end of one channel ring in guest RAM. Data moves in the largest contiguous pieces the
/// ring allows, straight between guest RAM and the host stream (no staging buffer). Ordering as the
/// ABI says: <see cref="Volatile.Read(ref ulong)"/> is an acquire load and <see cref="Volatile.Write(ref ulong, ulong)"/>
/// a release store, which is what the counters and the closed flag need.
/// </summary>
internal sealed class ChannelRing
{
    readonly GuestMemory memory;
    readonly long header;
    readonly ulong data;
    readonly ulong size;
    /// <summary>Loans this side has answered (only the host stores loan_answered).</summary>
    ulong answered;
    /// <summary>Bytes of the loan that is out already taken (a write) or filled (a read).</summary>
    ulong loanDone;
    /// <summary>An input ring's guest last lent at least <see cref="ChannelAbi.LoanMinimum"/>: wait for its loans rather than fill its ring.</summary>
    bool lendsLarge;

    ChannelRing(GuestMemory memory, long header, ulong data, ulong size)
    {
        this.memory = memory;
        this.header = header;
        this.data = data;
        this.size = size;
        answered = memory.ReadUInt64(header + ChannelAbi.HeaderLoanAnswered);
    }

    /// <summary>The ring the kernel published under <paramref name="nonce"/>, null if not (yet) there; a header that breaks the ABI is an error.</summary>
    public static ChannelRing? Find(GuestMemory memory, ulong nonce, uint direction)
    {
        var header = HeaderLocator.Find(memory, nonce, ChannelAbi.Magic);
        if (header < 0) return null;
        var data = memory.ReadUInt64(header + ChannelAbi.HeaderDataAddress);
        var size = memory.ReadUInt64(header + ChannelAbi.HeaderSize);
        var valid = memory.ReadUInt32(header + ChannelAbi.HeaderVersion) == ChannelAbi.Version
                    && memory.ReadUInt32(header + ChannelAbi.HeaderDirection) == direction
                    && size >= 4096 && size <= 1UL << 30 && (size & (size - 1)) == 0
                    && memory.Contains(data, size);
        return valid
            ? new ChannelRing(memory, header, data, size)
            : throw new InvalidDataException($"the kernel's channel header at 0x{header:x} breaks channel ABI version {ChannelAbi.Version}");
    }

    ulong Head => memory.ReadUInt64(header + ChannelAbi.HeaderHead);
    ulong Tail => memory.ReadUInt64(header + ChannelAbi.HeaderTail);
    bool Closed => memory.ReadUInt32(header + ChannelAbi.HeaderClosed) != 0;
    ulong LoanPosted => memory.ReadUInt64(header + ChannelAbi.HeaderLoanPosted);

    /// <summary>Nothing written is left to take: no unread ring byte and no loan out.</summary>
    public bool IsEmpty => Head == Tail && LoanPosted == answered;

    /// <summary>Tells the guest that this side serves loans (docs/channel-abi.md, "Loans"); only a relay that does may say so.</summary>
    public void ServeLoans() => memory.WriteUInt32(header + ChannelAbi.HeaderLoans, 1);

    /// <summary>The guest's loan when one is out (posted and not yet answered); a buffer outside guest RAM, or one shortened below what was moved, breaks the ABI.</summary>
    bool LoanOut(out ulong address, out ulong length)
    {
        address = length = 0;
        if (LoanPosted == answered) return false;
        address = memory.ReadUInt64(header + ChannelAbi.HeaderLoanAddress);
        length = memory.ReadUInt64(header + ChannelAbi.HeaderLoanLength);
        if (!memory.Contains(address, length))
            throw new InvalidDataException($"the kernel lent a buffer outside guest RAM (0x{address:x}, {length} bytes)");
        if (length < loanDone)
            throw new InvalidDataException($"the kernel shortened a loan to {length} bytes while it was out, after {loanDone} were moved");
        return true;
    }

    /// <summary>Answers the loan that is out: <paramref name="moved"/> first, then the count the guest waits on (release).</summary>
    void Answer(ulong moved)
    {
        answered = LoanPosted;
        loanDone = 0;
        memory.WriteUInt64(header + ChannelAbi.HeaderLoanMoved, moved);
        memory.WriteUInt64(header + ChannelAbi.HeaderLoanAnswered, answered);
    }

    /// <summary>
    /// The next contiguous piece of an output ring the host may take: unread ring bytes first, then the
    /// guest's write loan (it posts one only after the bytes before it, and puts none while it is out).
    /// False when there is none; <paramref name="ended"/> then says whether the guest closed the stream.
    /// </summary>
    bool NextUnread(out ulong address, out ulong length, out bool fromLoan, out bool ended)
    {
        ended = Closed; // read first: the guest stores head, posts a loan, and only then closes
        var posted = LoanPosted;
        var tail = Tail;
        var head = Head;
        fromLoan = false;
        if (head != tail)
        {
            if (head - tail > size)
                throw new InvalidDataException("the kernel's output channel claims more bytes than the ring holds");
            var at = tail & (size - 1);
            (address, length, ended) = (data + at, Math.Min(head - tail, size - at), false);
            return true;
        }
        if (posted != answered && LoanOut(out var loan, out var loanLength))
        {
            if (loanDone == loanLength)
                Answer(loanDone); // an empty loan: nothing to take
            else
            {
                (address, length, fromLoan, ended) = (loan + loanDone, loanLength - loanDone, true, false);
                return true;
            }
        }
        address = length = 0;
        return false;
    }

    /// <summary>The host has taken <paramref name="bytes"/> of the piece <see cref="NextUnread"/> gave: hands the space (or, once whole, the loan) back.</summary>
    void Took(ulong bytes, bool fromLoan)
    {
        if (!fromLoan)
        {
            memory.WriteUInt64(header + ChannelAbi.HeaderTail, Tail + bytes);
            return;
        }
        loanDone += bytes;
        if (loanDone == memory.ReadUInt64(header + ChannelAbi.HeaderLoanLength))
            Answer(loanDone);
    }

    /// <summary>
    /// Where the host may put the next bytes of an input ring: into the guest's read loan when one is
    /// out (it lends only on an empty ring), else into the ring's free space. A loan posted while the
    /// ring still held bytes is declined (answered 0: the guest reads the ring). A guest whose last loan
    /// was large gets nothing in its ring: the host waits for its next loan, so neither side's guest
    /// copies (it lends whenever it waits, so this never stalls it).
    /// </summary>
    bool NextRoom(out ulong address, out ulong length, out bool intoLoan)
    {
        address = length = 0;
        intoLoan = false;
        DeclineStaleLoan();
        if (LoanOut(out var loan, out var loanLength))
        {
            lendsLarge = loanLength >= ChannelAbi.LoanMinimum;
            if (loanDone < loanLength)
            {
                (address, length, intoLoan) = (loan + loanDone, loanLength - loanDone, true);
                return true;
            }
            Answer(loanDone);
        }
        var head = Head;
        var free = size - (head - Tail);
        if (lendsLarge || free == 0) return false;
        var at = head & (size - 1);
        (address, length) = (data + at, Math.Min(free, size - at));
        return true;
    }

    /// <summary>The host has put <paramref name="bytes"/> where <see cref="NextRoom"/> said; ring bytes are published at once, a loan when the move ends.</summary>
    void Put(ulong bytes, bool intoLoan)
    {
        if (intoLoan) loanDone += bytes;
        else memory.WriteUInt64(header + ChannelAbi.HeaderHead, Head + bytes);
    }

    /// <summary>A read loan posted while the ring still held bytes (the host put some in meanwhile) is declined: the guest reads those first.</summary>
    void DeclineStaleLoan()
    {
        if (loanDone == 0 && Head != Tail && LoanOut(out _, out _)) Answer(0);
    }

    /// <summary>A read loan with bytes in it is answered when the move ends: a read returns what there is.</summary>
    void AnswerFilledLoan()
    {
        if (loanDone > 0 && LoanPosted != answered) Answer(loanDone);
    }

    /// <summary>
    /// Guest to host: copies what the guest has written (ring bytes, then its write loan) to
    /// <paramref name="sink"/> (null: drop it, the reader is gone) and hands the space back. Returns bytes
    /// moved (about a ring's worth at most, so the caller looks up between calls); -1 once the guest
    /// closed the stream and everything before the close was taken.
    /// </summary>
    public long Drain(Stream? sink)
    {
        var moved = 0L;
        var ended = false;
        while (moved < (long)size && NextUnread(out var at, out var length, out var fromLoan, out ended))
        {
            var chunk = (int)Math.Min(length, 1 << 30);
            sink?.Write(memory.Span(at, chunk));
            Took((ulong)chunk, fromLoan);
            moved += chunk;
        }
        return moved > 0 ? moved : ended ? -1 : 0;
    }

    /// <summary>
    /// Guest to guest (a direct `a | b` edge, <see cref="RingLink"/>): copies what this output ring holds
    /// (ring bytes, then a write loan) into <paramref name="target"/>, another guest's input ring or its
    /// read loan, as far as there is room: one memcpy per contiguous piece, no pipe, no staging buffer;
    /// loan to loan, neither guest copies at all. Returns bytes moved; -1 once this ring's writer closed
    /// the stream and everything before the close was taken (closing the target is the caller's).
    /// </summary>
    public unsafe long MoveTo(ChannelRing target)
    {
        var moved = 0L;
        var ended = false;
        target.DeclineStaleLoan(); // even with nothing to move: the guest must not wait on it
        while (moved < (long)size
               && NextUnread(out var from, out var available, out var fromLoan, out ended)
               && target.NextRoom(out var to, out var room, out var intoLoan))
        {
            var piece = Math.Min(available, room);
            Buffer.MemoryCopy(memory.At(from), target.memory.At(to), piece, piece);
            // The data is in the target before its reader may see it, and taken before this writer may reuse it.
            target.Put(piece, intoLoan);
            Took(piece, fromLoan);
            moved += (long)piece;
        }
        target.AnswerFilledLoan();
        return moved > 0 ? moved : ended ? -1 : 0;
    }

    /// <summary>
    /// Host to guest: reads once from <paramref name="source"/> straight into the ring's free space.
    /// Returns bytes moved, 0 when the ring is full (nothing was read), -1 at the source's end
    /// (the stream is then closed for the guest).
    /// </summary>
    public long Fill(Stream source)
    {
        var head = Head;
        var free = size - (head - Tail);
        if (free == 0) return 0;
        var at = head & (size - 1);
        var piece = (int)Math.Min(free, size - at);
        var read = source.Read(memory.Span(data + at, piece));
        if (read == 0)
        {
            Close();
            return -1;
        }
        memory.WriteUInt64(header + ChannelAbi.HeaderHead, head + (ulong)read);
        return read;
    }

    /// <summary>End of stream for the guest reading this ring; a loan still out is answered with what it holds (0: it reads the end).</summary>
    public void Close()
    {
        memory.WriteUInt32(header + ChannelAbi.HeaderClosed, 1);
        if (LoanPosted != answered) Answer(loanDone);
    }
}
