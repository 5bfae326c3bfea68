using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// The few process calls System.Diagnostics.Process does not offer: SIGTERM for a child (its Kill
/// is SIGKILL, and QEMU needs SIGTERM to restore the terminal it put in raw mode), a signal to
/// this process, the parent's pid, and a pidfd that becomes readable when a process ends.
/// </summary>
internal static partial class PosixProcess
{
    public const int SIGTERM = 15;
    const long SYS_pidfd_open = 434;   // x86-64 and aarch64 alike (Linux 5.3)
    const short POLLIN = 1;

    public static void Terminate(int pid) => _ = kill(pid, SIGTERM);

    /// <summary>Sends this process SIGTERM, so a reason to stop takes the same path as a signal from outside.</summary>
    /// <summary>
    /// Stops a child the polite way: SIGTERM (QEMU restores the terminal, a launcher cleans up its
    /// VM), then SIGKILL if it is still there after <paramref name="grace"/>; returns once it is gone.
    /// </summary>
    public static void Stop(System.Diagnostics.Process process, TimeSpan grace)
    {
        try
        {
            if (process.HasExited) return;
            Terminate(process.Id);
            if (process.WaitForExit(grace)) return;
            process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException) { }   // it exited between the checks
    }

    public static void TerminateSelf() => _ = kill(Environment.ProcessId, SIGTERM);

    public static int ParentId() => getppid();

    /// <summary>access(X_OK): whether this user may run <paramref name="path"/>.</summary>
    public static bool CanExecute(string path) => access(path, 1 /* X_OK */) == 0;

    /// <summary>A descriptor that polls readable once <paramref name="pid"/> has ended, or -1 (an old kernel, or the process is gone).</summary>
    public static int OpenPidFd(int pid) => (int)syscall(SYS_pidfd_open, pid, 0);

    /// <summary>Blocks until <paramref name="fd"/> is readable (a pidfd: its process ended); false if polling failed.</summary>
    public static bool WaitReadable(int fd) => WaitReadable(fd, Timeout.InfiniteTimeSpan);

    /// <summary>As above, giving up (false) after <paramref name="timeout"/>.</summary>
    public static bool WaitReadable(int fd, TimeSpan timeout)
    {
        var entry = new PollFd { Fd = fd, Events = POLLIN };
        var deadline = timeout == Timeout.InfiniteTimeSpan ? (long?)null : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var wait = deadline is { } end ? (int)Math.Clamp(end - Environment.TickCount64, 0, int.MaxValue) : -1;
            var r = poll(ref entry, 1, wait);
            if (r > 0) return true;
            if (r == 0) return false;
            if (Marshal.GetLastPInvokeError() != 4 /* EINTR */) return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "kill")]
    static extern int kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "access")]
    static extern int access(string path, int mode);

    [DllImport("libc", EntryPoint = "getppid")]
    static extern int getppid();

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    static extern long syscall(long number, long a, long b);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    static extern int poll(ref PollFd fds, ulong count, int timeout);
}
