namespace Diver.Cli.SplitVm;

/// <summary>
/// Guest RAM as the proxy sees it: a base pointer and a size, guest-physical address = offset
/// (microvm maps RAM from 0 and the platform identity-maps it). Every access the guest can
/// influence goes through <see cref="Contains"/>, which is where EFAULT comes from.
/// </summary>
internal sealed unsafe class GuestMemory(byte* start, long size)
{
    public long Size { get; } = size;

    /// <summary>The memfd this RAM is mapped from, when the launcher made it: what a direct channel edge hands to the next stage (<see cref="Channels.RingLink"/>).</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? File { get; init; }

    public bool Contains(ulong address, ulong length) =>
        address <= (ulong)Size && length <= (ulong)Size - address;

    /// <summary>Only for a range <see cref="Contains"/> accepted.</summary>
    public byte* At(ulong address) => start + address;

    public Span<byte> Span(ulong address, int length) => new(start + address, length);

    public uint ReadUInt32(long offset) => Volatile.Read(ref *(uint*)(start + offset));
    public ulong ReadUInt64(long offset) => Volatile.Read(ref *(ulong*)(start + offset));
    public void WriteUInt32(long offset, uint value) => Volatile.Write(ref *(uint*)(start + offset), value);
    public void WriteUInt64(long offset, ulong value) => Volatile.Write(ref *(ulong*)(start + offset), value);
}
