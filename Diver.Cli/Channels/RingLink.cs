using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Channels;

/// <summary>
/// The Unix socket that joins the two launchers of a direct `a | b` edge (`--channel-out ring:FD` on
/// a's, `--channel-in ring:FD` on b's). No stream data crosses it: a's launcher hands over its guest
/// RAM memfd and its output ring's nonce (SCM_RIGHTS), b's launcher maps that RAM and copies a's output
/// ring straight into its own guest's input ring. After that the socket only tells each side when the
/// other is gone (end of file): a's launcher hangs up when its QEMU has exited (nothing more will be
/// written), b's when its relay has stopped (nothing more will be read).
/// A descriptor is passed rather than opened through /proc/PID/fd because that needs ptrace rights
/// over a sibling process, which hardened hosts refuse, and the socket's end of file doubles as the
/// liveness signal the pipe gave before.
/// </summary>
internal sealed unsafe class RingLink : IDisposable
{
    const int SOL_SOCKET = 1;
    const int SCM_RIGHTS = 1;
    const int SO_TYPE = 3;
    const int SHUT_RDWR = 2;
    const int MSG_CMSG_CLOEXEC = 0x40000000;
    const int EINTR = 4;
    const int PayloadBytes = 16;
    // cmsghdr (cmsg_len, cmsg_level, cmsg_type) then one int, padded to 8: CMSG_SPACE(sizeof(int)) on LP64.
    const int ControlBytes = 24;
    const int ControlLength = 20;

    readonly SafeFileHandle socket;
    int hungUp;

    public RingLink(SafeFileHandle socket) => this.socket = socket;

    int Fd => checked((int)socket.DangerousGetHandle());

    /// <summary>Whether <paramref name="fd"/> is a socket (a link), not a pipe or a file.</summary>
    public static bool IsSocket(int fd)
    {
        int type;
        var length = sizeof(int);
        return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0;
    }

    /// <summary>The writer's side: hands over guest RAM (a memfd of <paramref name="ramBytes"/>) and the nonce its output ring is published under.</summary>
    public void Offer(SafeFileHandle ram, long ramBytes, ulong nonce)
    {
        var payload = stackalloc ulong[2] { nonce, (ulong)ramBytes };
        var control = stackalloc byte[ControlBytes];
        new Span<byte>(control, ControlBytes).Clear();
        *(ulong*)control = ControlLength;
        *(int*)(control + 8) = SOL_SOCKET;
        *(int*)(control + 12) = SCM_RIGHTS;
        *(int*)(control + 16) = checked((int)ram.DangerousGetHandle());
        var io = new IoVector { Base = payload, Length = PayloadBytes };
        var message = new MessageHeader { Io = &io, IoCount = 1, Control = control, ControlLength = ControlBytes };
        long sent;
        do sent = sendmsg(Fd, &message, 0);
        while (sent < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (sent != PayloadBytes)
            throw new IOException($"the channel link to the next stage failed ({Error(sent)})");
    }

    /// <summary>The reader's side: the writer's guest RAM and ring nonce; null when the writer hung up without offering (it never started its guest).</summary>
    public (SafeFileHandle Ram, long RamBytes, ulong Nonce)? Receive()
    {
        var payload = stackalloc ulong[2];
        var control = stackalloc byte[ControlBytes];
        new Span<byte>(control, ControlBytes).Clear();
        var io = new IoVector { Base = payload, Length = PayloadBytes };
        var message = new MessageHeader { Io = &io, IoCount = 1, Control = control, ControlLength = ControlBytes };
        long got;
        do got = recvmsg(Fd, &message, MSG_CMSG_CLOEXEC);
        while (got < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (got == 0)
            return null;
        var fd = message.ControlLength >= ControlLength && *(int*)(control + 8) == SOL_SOCKET && *(int*)(control + 12) == SCM_RIGHTS
            ? *(int*)(control + 16) : -1;
        if (got != PayloadBytes || fd < 0)
        {
            if (fd >= 0) new SafeFileHandle(fd, ownsHandle: true).Dispose();
            throw new IOException($"the channel link from the previous stage carried no guest memory ({Error(got)})");
        }
        return (new SafeFileHandle(fd, ownsHandle: true), (long)payload[1], payload[0]);
    }

    /// <summary>Blocks until the other side hangs up (its launcher exited or called <see cref="HangUp"/>), or this side does.</summary>
    public void WaitForHangUp()
    {
        byte b;
        long got;
        do got = read(Fd, &b, 1);
        while (got > 0 || (got < 0 && Marshal.GetLastPInvokeError() == EINTR));
    }

    /// <summary>Tells the other side this one is done; also wakes this side's own <see cref="WaitForHangUp"/>.</summary>
    public void HangUp()
    {
        if (Interlocked.Exchange(ref hungUp, 1) == 0)
            _ = shutdown(Fd, SHUT_RDWR);
    }

    public void Dispose() => socket.Dispose();

    static string Error(long result) =>
        result < 0 ? Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()) : $"{result} bytes";

    [StructLayout(LayoutKind.Sequential)]
    struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Io;
        public nuint IoCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [DllImport("libc", SetLastError = true)]
    static extern long sendmsg(int fd, MessageHeader* message, int flags);

    [DllImport("libc", SetLastError = true)]
    static extern long recvmsg(int fd, MessageHeader* message, int flags);

    [DllImport("libc", SetLastError = true)]
    static extern long read(int fd, void* buffer, nuint count);

    [DllImport("libc", SetLastError = true)]
    static extern int shutdown(int fd, int how);

    [DllImport("libc", SetLastError = true)]
    static extern int getsockopt(int fd, int level, int name, void* value, int* length);
}
