using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// Descriptor flags: whether a child inherits one (FD_CLOEXEC), and pipe sizes. The memfds QEMU opens as /dev/fd/N and the
/// channel pipes a stage launcher gets are handed over this way, each to exactly one child.
/// </summary>
internal static class Descriptors
{
    const int F_SETFD = 2;
    const int FD_CLOEXEC = 1;
    const int F_SETPIPE_SZ = 1031;

    /// <returns>False when <paramref name="fd"/> is not an open descriptor.</returns>
    public static bool SetInherited(int fd, bool inherited) => fcntl(fd, F_SETFD, inherited ? 0 : FD_CLOEXEC) == 0;

    /// <summary>Asks for a bigger pipe buffer (best effort: the system may cap it).</summary>
    public static void GrowPipe(int fd, int bytes) => _ = fcntl(fd, F_SETPIPE_SZ, bytes);

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int command, int argument);
}
