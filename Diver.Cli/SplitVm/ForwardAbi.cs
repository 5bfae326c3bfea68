namespace Diver.Cli.SplitVm;

/// <summary>
/// The forwarding ABI, version 1, as laid out in guest RAM. The kernel side is
/// kernel-packages/platform/include/diver/forward_abi.h; docs/forwarding-abi.md describes both.
/// Offsets, not structs: the proxy reads guest memory field by field so a hostile guest can never
/// make it dereference anything it did not bounds-check.
/// </summary>
internal static class ForwardAbi
{
    public const ulong Magic = 0x3144574652564944;   // "DIVERFW1"
    public const uint Version = 1;
    public const int PageSize = 4096;
    public const int SlotCount = 64;
    public const int SlotSize = 64;
    public const int PathMax = 4096;

    public const int HeaderNonce = 8;
    public const int HeaderVersion = 16;
    public const int HeaderSlotCount = 20;
    public const int HeaderSlotSize = 24;
    public const int HeaderSlotsAddress = 32;
    public const int HeaderProxySeen = 48;

    public const int SlotState = 0;
    public const int SlotOp = 4;
    public const int SlotArgs = 16;
    public const int SlotResult = 48;

    public const uint Free = 0;
    public const uint Posted = 1;
    public const uint Done = 2;
}

/// <summary>The forwarded operations; the numbers are the ABI's.</summary>
internal enum ForwardOp : uint
{
    Nop = 0,
    Open = 1,
    Read = 2,
    Write = 3,
    Close = 4,
    Lseek = 5,
    Fstat = 6,
    Unlink = 7,
    Mkdir = 8,
    Rename = 9,
    Getcwd = 10,
    ClockGettime = 11,
    Rmdir = 12,
    Listdir = 13,
    Pread = 14,
    Pwrite = 15,
    Ftruncate = 16,
    Fsync = 17,
    Stat = 18,
    Chmod = 19,
    Utimens = 20,
}
