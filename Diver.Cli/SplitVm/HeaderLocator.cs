namespace Diver.Cli.SplitVm;

/// <summary>
/// Finds a ring header the kernel published: a page boundary holding an ABI's magic followed
/// by this run's nonce (the forwarding ring, and the pipeline channels, which put both at the
/// same offsets). The nonce makes a stale or accidental copy of the magic (the kernel image
/// itself holds the constant) impossible to mistake for the real header.
/// </summary>
internal static class HeaderLocator
{
    /// <summary>Where kernels load (1 MiB); the header sits in the image's .bss, so scanning starts there.</summary>
    const long ImageStart = 0x100000;

    /// <summary>The header's guest-physical address, or -1 if it is not (yet) there.</summary>
    public static long Find(GuestMemory memory, ulong nonce, ulong magic = ForwardAbi.Magic)
    {
        for (var page = ImageStart; page + ForwardAbi.PageSize <= memory.Size; page += ForwardAbi.PageSize)
            if (IsHeader(memory, page, magic, nonce)) return page;
        for (var page = 0L; page < Math.Min(ImageStart, memory.Size); page += ForwardAbi.PageSize)
            if (IsHeader(memory, page, magic, nonce)) return page;
        return -1;
    }

    static bool IsHeader(GuestMemory memory, long page, ulong magic, ulong nonce) =>
        memory.ReadUInt64(page) == magic && memory.ReadUInt64(page + ForwardAbi.HeaderNonce) == nonce;

    /// <summary>The slot array the header names, or -1 if the header breaks the ABI.</summary>
    public static long Slots(GuestMemory memory, long header)
    {
        var slots = memory.ReadUInt64(header + ForwardAbi.HeaderSlotsAddress);
        var valid = memory.ReadUInt32(header + ForwardAbi.HeaderVersion) == ForwardAbi.Version
                    && memory.ReadUInt32(header + ForwardAbi.HeaderSlotCount) == ForwardAbi.SlotCount
                    && memory.ReadUInt32(header + ForwardAbi.HeaderSlotSize) == ForwardAbi.SlotSize
                    && slots % ForwardAbi.SlotSize == 0
                    && memory.Contains(slots, ForwardAbi.SlotCount * ForwardAbi.SlotSize);
        return valid ? (long)slots : -1;
    }
}
