using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Moves a forwarded read or write between a host file and guest RAM inside the host kernel:
/// splice(2) through a pipe, from or into the guest-RAM memfd at the buffer's guest-physical
/// offset, instead of read/write through the proxy's own mapping of guest RAM. That mapping starts
/// empty, and the first touch of each of its pages is a fault; where faults are dear (a
/// virtualized host: about 15 µs each here) a 1 MiB write from a buffer the proxy had not touched
/// yet ran at a tenth of a plain write, and a program writes from ever new buffers
/// (docs/benchmarks.md). The pipe carries page references, so no byte is copied in user space
/// either. One pipe, so one thread: the proxy's, which serves the ring's calls one at a time.
/// </summary>
internal sealed unsafe class GuestRamTransfer : IDisposable
{
    const int F_SETPIPE_SZ = 1031;
    const int O_CLOEXEC = 0x80000;
    const uint SPLICE_F_MOVE = 1;
    /// <summary>Linux's default cap for an unprivileged pipe (/proc/sys/fs/pipe-max-size): a 1 MiB request is one round.</summary>
    const int WantedPipeSize = 1 << 20;
    const int EINVAL = 22;

    readonly SafeFileHandle ram;
    readonly int pipeOut, pipeIn;
    readonly long pipeSize;

    GuestRamTransfer(SafeFileHandle ram, int pipeOut, int pipeIn, long pipeSize)
    {
        this.ram = ram;
        this.pipeOut = pipeOut;
        this.pipeIn = pipeIn;
        this.pipeSize = pipeSize;
    }

    /// <summary>Null when guest RAM is not a file the launcher holds or no pipe can be made: the proxy then uses its mapping.</summary>
    public static GuestRamTransfer? TryCreate(SafeFileHandle? ram)
    {
        if (ram is null || ram.IsInvalid) return null;
        var fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return null;
        var size = fcntl(fds[1], F_SETPIPE_SZ, WantedPipeSize);
        return new GuestRamTransfer(ram, fds[0], fds[1], size > 0 ? size : 4096 * 16);
    }

    int Ram => (int)ram.DangerousGetHandle();

    /// <summary>
    /// write (offset null) or pwrite of guest RAM [address, address + length) to fd: the bytes
    /// written or -errno, as the plain call returns them; null when fd takes no splice (O_APPEND,
    /// not a regular file) and nothing was written, so the caller makes the plain call.
    /// </summary>
    public long? Write(int fd, ulong address, ulong length, long? offset)
    {
        long done = 0, at = offset ?? 0;
        while ((ulong)done < length)
        {
            long source = (long)address + done;
            var filled = splice(Ram, &source, pipeIn, null, (nuint)Math.Min((long)length - done, pipeSize), SPLICE_F_MOVE);
            if (filled <= 0) return done > 0 ? done : null;
            for (long drained = 0; drained < filled;)
            {
                var n = offset is null
                    ? splice(pipeOut, null, fd, null, (nuint)(filled - drained), SPLICE_F_MOVE)
                    : splice(pipeOut, null, fd, &at, (nuint)(filled - drained), SPLICE_F_MOVE);
                if (n <= 0)
                {
                    var errno = Libc.LastErrno;
                    Discard(filled - drained);
                    done += drained;
                    if (done > 0) return done;
                    return n == 0 ? 0 : errno == EINVAL ? null : -errno;
                }
                drained += n;
            }
            done += filled;
        }
        return done;
    }

    /// <summary>
    /// read (offset null) or pread from fd into guest RAM [address, address + length): as
    /// <see cref="Write"/>. It stops at end of file (a fill of nothing); a fill can be short of a
    /// whole pipe without that (an offset inside a page takes one page more).
    /// </summary>
    public long? Read(int fd, ulong address, ulong length, long? offset)
    {
        long done = 0, at = offset ?? 0;
        while ((ulong)done < length)
        {
            var want = Math.Min((long)length - done, pipeSize);
            var filled = offset is null
                ? splice(fd, null, pipeIn, null, (nuint)want, SPLICE_F_MOVE)
                : splice(fd, &at, pipeIn, null, (nuint)want, SPLICE_F_MOVE);
            if (filled < 0)
            {
                var errno = Libc.LastErrno;
                if (done > 0) return done;
                return errno == EINVAL ? null : -errno;
            }
            for (long drained = 0; drained < filled;)
            {
                long target = (long)address + done + drained;
                var n = splice(pipeOut, null, Ram, &target, (nuint)(filled - drained), SPLICE_F_MOVE);
                if (n <= 0)
                {
                    // Guest RAM refused a page (host memory is out): what was read is lost, as a
                    // read into a buffer that faults.
                    var errno = Libc.LastErrno;
                    Discard(filled - drained);
                    done += drained;
                    return done > 0 ? done : -errno;
                }
                drained += n;
            }
            if (filled == 0) break;
            done += filled;
        }
        return done;
    }

    /// <summary>Empties the pipe after a failed drain, so the next call starts clean.</summary>
    void Discard(long count)
    {
        var scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var n = Libc.read(pipeOut, scratch, (nint)Math.Min(count, 4096));
            if (n <= 0) return;
            count -= n;
        }
    }

    public void Dispose()
    {
        Libc.close(pipeOut);
        Libc.close(pipeIn);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern nint splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int pipe2(int* fds, int flags);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int command, int argument);
}
