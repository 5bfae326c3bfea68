using System.Runtime.InteropServices;
using Diver.Cli.Run;
using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Pipelines;

/// <summary>
/// A pipe between the runner and a stage's launcher, or a link straight between two stages' launchers
/// (a socket pair: the launchers hand the producer's ring over it, <see cref="Channels.RingLink"/>).
/// Both ends are close-on-exec from birth; an end a child gets is made inheritable only around the
/// one Process.Start that hands it over (the runner starts stages from one thread) and closed in the
/// runner right after, so no other process holds a pipe end open and keeps a reader from ever
/// seeing end of stream.
/// </summary>
internal sealed class HostPipe : IDisposable
{
    const int O_CLOEXEC = 0x80000;

    const int AF_UNIX = 1;
    const int SOCK_STREAM = 1;
    const int SOCK_CLOEXEC = 0x80000;

    SafeFileHandle? read;
    SafeFileHandle? write;
    FileStream? stream;

    /// <summary>A socket pair for a direct edge: the launchers take its ends as `ring:FD`.</summary>
    public bool IsLink { get; }

    HostPipe(SafeFileHandle read, SafeFileHandle write, bool link = false)
    {
        this.read = read;
        this.write = write;
        IsLink = link;
    }

    public static HostPipe Create()
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            throw new DiverException(ErrorCodes.QemuFailed,
                $"A pipe between pipeline stages could not be created: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. Free some file descriptors and run again.");
        // A bigger pipe means fewer wake-ups per MiB between the two sides (best effort).
        Descriptors.GrowPipe(fds[1], 1 << 20);
        return new HostPipe(new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>A link for a direct `a | b` edge: its "write" end goes to a's launcher, its "read" end to b's.</summary>
    public static HostPipe CreateLink()
    {
        var fds = new int[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            throw new DiverException(ErrorCodes.QemuFailed,
                $"A link between pipeline stages could not be created: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. Free some file descriptors and run again.");
        return new HostPipe(new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true), link: true);
    }

    /// <summary>The read or write end, for a child.</summary>
    public PipeEnd End(bool readEnd) => new(this, readEnd);

    /// <summary>The runner's own side, as a stream: the end no child gets.</summary>
    public FileStream RunnerStream(bool readEnd) =>
        stream ??= new FileStream((readEnd ? read : write) ?? throw new ObjectDisposedException(nameof(HostPipe)), readEnd ? FileAccess.Read : FileAccess.Write, 0);

    internal int Descriptor(bool readEnd) => checked((int)((readEnd ? read : write) ?? throw new ObjectDisposedException(nameof(HostPipe))).DangerousGetHandle());

    void CloseEnd(bool readEnd)
    {
        if (readEnd) { read?.Dispose(); read = null; }
        else { write?.Dispose(); write = null; }
    }

    /// <summary>Runs <paramref name="start"/> with <paramref name="ends"/> inheritable, then closes the runner's copies of them.</summary>
    public static void HandOver(IReadOnlyList<PipeEnd> ends, Action start)
    {
        foreach (var end in ends)
            _ = Descriptors.SetInherited(end.Descriptor, true);
        try
        {
            start();
        }
        finally
        {
            foreach (var end in ends)
            {
                _ = Descriptors.SetInherited(end.Descriptor, false);
                end.Pipe.CloseEnd(end.ReadEnd);
            }
        }
    }

    public void Dispose()
    {
        stream?.Dispose();
        read?.Dispose();
        write?.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int pipe2(int[] fds, int flags);

    [DllImport("libc", SetLastError = true)]
    static extern int socketpair(int domain, int type, int protocol, int[] fds);
}

/// <summary>One end of a <see cref="HostPipe"/> that a stage's launcher inherits, by the number `--channel-in/--channel-out` take.</summary>
internal sealed record PipeEnd(HostPipe Pipe, bool ReadEnd)
{
    public int Descriptor { get; } = Pipe.Descriptor(ReadEnd);

    /// <summary>What `--channel-in/--channel-out` take for this end: the number, behind `ring:` for a link.</summary>
    public string Spec => Pipe.IsLink ? Channels.ChannelEndpoint.LinkSpec(Descriptor) : Descriptor.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
