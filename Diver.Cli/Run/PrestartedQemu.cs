using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Run;

/// <summary>
/// The QEMU that diver-prestart (Native/prestart.c) started paused before it became this launcher:
/// a child of this process, though not one System.Diagnostics.Process started, so it is waited for
/// with a pidfd and reaped with waitpid here. Until <see cref="Resume"/> no guest instruction has
/// run; disposing a QEMU that was never resumed kills it with SIGKILL, silently (SIGTERM would make
/// QEMU print "terminating on signal" on the user's terminal for a run that never happened).
/// </summary>
internal sealed class PrestartedQemu : IQemuChild, IDisposable
{
    const int SIGKILL = 9;
    static readonly byte[] Continue = Encoding.ASCII.GetBytes("cont\n");

    readonly int pid;
    /// <summary>Opened while QEMU is an unreaped child, so its number cannot name another process later; -1 on kernels before 5.3.</summary>
    readonly int pidfd;
    /// <summary>The supervisor's thread and the interrupt handler's both wait and reap.</summary>
    readonly Lock gate = new();
    readonly SafeFileHandle monitor;
    readonly SafeFileHandle? input;
    int? exitCode;
    bool resumed;

    public PrestartedQemu(int pid, int monitorFd, int inputFd)
    {
        this.pid = pid;
        pidfd = PosixProcess.OpenPidFd(pid);
        // Neither is for any other child: the launcher's own children (none in VM mode today) must not hold QEMU's input open.
        monitor = new SafeFileHandle(monitorFd, ownsHandle: true);
        Descriptors.SetInherited(monitorFd, false);
        if (inputFd >= 0)
        {
            input = new SafeFileHandle(inputFd, ownsHandle: true);
            Descriptors.SetInherited(inputFd, false);
        }
    }

    /// <summary>The write end of QEMU's stdin when this launcher's stdin is not a terminal (the relay feeds it), else null.</summary>
    public Stream? TakeInput() => input is null ? null : new FileStream(input, FileAccess.Write, bufferSize: 1);

    /// <summary>Lets the guest run: the HMP monitor's "cont", read by QEMU once its machine is set up.</summary>
    public void Resume()
    {
        resumed = true;
        // A failed write means QEMU already ended (it could not start): its exit code tells.
        _ = write(monitor, Continue, Continue.Length);
    }

    public bool HasExited => Reap(wait: false);

    public int ExitCode { get { lock (gate) return exitCode ?? throw new InvalidOperationException("QEMU has not exited"); } }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (HasExited) return true;
        // Without a pidfd, waitpid's own blocking is the wait (no timeout then: a kernel before 5.3).
        if (pidfd >= 0 && !PosixProcess.WaitReadable(pidfd, timeout))
            return false;
        return Reap(wait: true);
    }

    public void WaitForExit() => WaitForExit(Timeout.InfiniteTimeSpan);

    public void Stop(TimeSpan grace)
    {
        if (HasExited) return;
        PosixProcess.Terminate(pid);
        if (WaitForExit(grace)) return;
        _ = kill(pid, SIGKILL);
        WaitForExit();
    }

    bool Reap(bool wait)
    {
        lock (gate)
        {
            if (exitCode is not null) return true;
            int status;
            int result;
            do result = waitpid(pid, out status, wait ? 0 : 1 /* WNOHANG */);
            while (result < 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */);
            if (result != pid)
                return false;
            // As System.Diagnostics.Process reports it: the exit status, or 128 + the signal that ended it.
            exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            return true;
        }
    }

    public void Dispose()
    {
        if (!resumed && !HasExited)
        {
            _ = kill(pid, SIGKILL);
            Reap(wait: true);
        }
        monitor.Dispose();
        input?.Dispose();
        if (pidfd >= 0) _ = close(pidfd);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int waitpid(int pid, out int status, int options);

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    [DllImport("libc")]
    static extern int close(int fd);

    [DllImport("libc")]
    static extern nint write(SafeFileHandle fd, byte[] buffer, nint count);
}
