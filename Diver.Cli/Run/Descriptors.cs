using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// Descriptor flags: whether a child inherits one (FD_CLOEXEC), pipe sizes, and stdout given over to a channel. The memfds QEMU opens as /dev/fd/N and the
/// channel pipes a stage launcher gets are handed over this way, each to exactly one child.
/// </summary>
internal static class Descriptors
{
    const int F_SETFD = 2;
    const int FD_CLOEXEC = 1;
    const int F_SETPIPE_SZ = 1031;
    const int F_DUPFD_CLOEXEC = 1030;

    /// <returns>False when <paramref name="fd"/> is not an open descriptor.</returns>
    public static bool SetInherited(int fd, bool inherited) => fcntl(fd, F_SETFD, inherited ? 0 : FD_CLOEXEC) == 0;

    /// <summary>Asks for a bigger pipe buffer (best effort: the system may cap it).</summary>
    public static void GrowPipe(int fd, int bytes) => _ = fcntl(fd, F_SETPIPE_SZ, bytes);

    /// <summary>
    /// Moves what the launcher's stdout was onto a new descriptor no child inherits, and makes stdout (for this
    /// process and every child, QEMU's console included) what stderr is. Returns the new descriptor.
    /// </summary>
    public static int TakeStandardOutput()
    {
        var moved = fcntl(1, F_DUPFD_CLOEXEC, 3);
        if (moved < 0 || dup2(2, 1) < 0)
            throw new IOException($"stdout cannot be moved ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
        return moved;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    static extern int dup2(int from, int to);
}
