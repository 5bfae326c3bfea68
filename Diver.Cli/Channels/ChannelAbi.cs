namespace Diver.Cli.Channels;

/// <summary>The pipeline channel ABI, version 1: offsets in a ring's header page (docs/channel-abi.md, include/diver/channel_abi.h).</summary>
internal static class ChannelAbi
{
    public const ulong Magic = 0x3148435245564944;   // "DIVERCH1"
    public const uint Version = 1;
    public const uint IntoGuest = 0;
    public const uint OutOfGuest = 1;

    public const int HeaderVersion = 16;
    public const int HeaderDirection = 20;
    public const int HeaderDataAddress = 24;
    public const int HeaderSize = 32;
    /// <summary>The writer's cache line: bytes ever written, then the end-of-stream flag.</summary>
    public const int HeaderHead = 64;
    public const int HeaderClosed = 72;
    /// <summary>The reader's cache line: bytes ever read.</summary>
    public const int HeaderTail = 128;
    /// <summary>The guest's loan: an app buffer the host copies from (a write) or into (a read) itself.</summary>
    public const int HeaderLoanAddress = 192;
    public const int HeaderLoanLength = 200;
    public const int HeaderLoanPosted = 208;
    /// <summary>The host's side of loans: that it serves them, how many it answered, what it moved for the last.</summary>
    public const int HeaderLoans = 256;
    public const int HeaderLoanAnswered = 264;
    public const int HeaderLoanMoved = 272;
    /// <summary>A reader lending at least this much is one worth waiting for rather than filling its ring (CHAN_LOAN_MIN).</summary>
    public const ulong LoanMinimum = 64 * 1024;

    /// <summary>The kernel options that ask the kernel to publish its stdin / stdout ring under a nonce.</summary>
    public static string InputOption(ulong nonce) => $"diver.chin={nonce:x}";
    public static string OutputOption(ulong nonce) => $"diver.chout={nonce:x}";
}
