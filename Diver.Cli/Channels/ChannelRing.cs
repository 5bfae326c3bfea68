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

    ChannelRing(GuestMemory memory, long header, ulong data, ulong size)
    {
        this.memory = memory;
        this.header = header;
        this.data = data;
        this.size = size;
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

    /// <summary>Nothing written is left to take.</summary>
    public bool IsEmpty => Head == Tail;

    /// <summary>
    /// An output ring's unread bytes run from <paramref name="tail"/> to <paramref name="head"/>. Returns 1
    /// when there are some, 0 when there are none yet, -1 when there are none and the writer closed the stream.
    /// </summary>
    int Unread(out ulong tail, out ulong head)
    {
        var closed = Closed; // read before head: the guest stores head, then closed
        tail = Tail;
        head = Head;
        if (head == tail) return closed ? -1 : 0;
        if (head - tail > size)
            throw new InvalidDataException("the kernel's output channel claims more bytes than the ring holds");
        return 1;
    }

    /// <summary>
    /// Guest to host: copies what the guest has written to <paramref name="sink"/> (null: drop it,
    /// the reader is gone) and frees the space. Returns bytes moved; -1 once the guest closed the
    /// stream and everything before the close was taken.
    /// </summary>
    public long Drain(Stream? sink)
    {
        var unread = Unread(out var tail, out var head);
        if (unread <= 0) return unread;
        var moved = 0UL;
        while (tail != head)
        {
            var at = tail & (size - 1);
            var piece = Math.Min(head - tail, size - at);
            var chunk = (int)Math.Min(piece, 1 << 30);
            sink?.Write(memory.Span(data + at, chunk));
            tail += (ulong)chunk;
            moved += (ulong)chunk;
            memory.WriteUInt64(header + ChannelAbi.HeaderTail, tail);
        }
        return (long)moved;
    }

    /// <summary>
    /// Guest to guest (a direct `a | b` edge, <see cref="RingLink"/>): copies what this output ring holds
    /// into <paramref name="target"/>, another guest's input ring, as far as it has room: one memcpy per
    /// contiguous piece, no pipe, no staging buffer. Returns bytes moved; -1 once this ring's writer
    /// closed the stream and everything before the close was taken (closing the target is the caller's).
    /// </summary>
    public unsafe long MoveTo(ChannelRing target)
    {
        var unread = Unread(out var tail, out var head);
        if (unread <= 0) return unread;
        var targetHead = target.Head;
        var room = target.size - (targetHead - target.Tail);
        var moved = 0UL;
        while (tail != head && room > 0)
        {
            var from = tail & (size - 1);
            var to = targetHead & (target.size - 1);
            var piece = Math.Min(Math.Min(head - tail, size - from), Math.Min(room, target.size - to));
            Buffer.MemoryCopy(memory.At(data + from), target.memory.At(target.data + to), piece, piece);
            tail += piece;
            targetHead += piece;
            room -= piece;
            moved += piece;
        }
        // The data is in the target before the reader there may see it, and taken before the writer here may reuse it.
        target.memory.WriteUInt64(target.header + ChannelAbi.HeaderHead, targetHead);
        memory.WriteUInt64(header + ChannelAbi.HeaderTail, tail);
        return (long)moved;
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

    /// <summary>End of stream for the guest reading this ring.</summary>
    public void Close() => memory.WriteUInt32(header + ChannelAbi.HeaderClosed, 1);
}
