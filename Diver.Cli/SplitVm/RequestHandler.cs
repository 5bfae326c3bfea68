using System.Text;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Serves one forwarded call: decodes the arguments, checks every guest pointer against guest
/// RAM (EFAULT), every path against the sandbox, and performs the host call. It never throws:
/// whatever the guest sends, the answer is a result or a negated errno.
/// </summary>
internal sealed unsafe class RequestHandler(GuestMemory memory, Sandbox sandbox) : IDisposable
{
    /// <summary>Open flags a guest may pass; anything else is dropped rather than trusted.</summary>
    const int AllowedOpenFlags = Libc.O_ACCMODE | Libc.O_CREAT | Libc.O_EXCL | Libc.O_TRUNC | Libc.O_APPEND | Libc.O_DIRECTORY;
    /// <summary>One call moves at most this much, as Linux caps read/write at 2 GiB - 4 KiB.</summary>
    const ulong MaxTransfer = 0x7ffff000;

    static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    readonly DescriptorTable descriptors = new();
    readonly GuestRamTransfer? transfer = GuestRamTransfer.TryCreate(memory.File);

    public long Handle(ForwardOp op, ulong a0, ulong a1, ulong a2, ulong a3)
    {
        try
        {
            return op switch
            {
                ForwardOp.Nop => 0,
                ForwardOp.Open => Open(a0, a1, (int)a2, (int)a3),
                ForwardOp.Read => Transfer(a0, a1, a2, write: false),
                ForwardOp.Write => Transfer(a0, a1, a2, write: true),
                ForwardOp.Close => Close(a0),
                ForwardOp.Lseek => Seek(a0, (long)a1, a2),
                ForwardOp.Fstat => Stat(a0, a1),
                ForwardOp.Unlink => OnPath(a0, a1, p => Libc.unlink(p)),
                ForwardOp.Rmdir => OnPath(a0, a1, p => Libc.rmdir(p)),
                ForwardOp.Mkdir => OnPath(a0, a1, p => Libc.mkdir(p, (int)(a2 & 0x1ff))),
                ForwardOp.Rename => Rename(a0, a1, a2, a3),
                ForwardOp.Getcwd => Getcwd(a0, a1),
                ForwardOp.ClockGettime => ClockGettime(a0, a1),
                ForwardOp.Listdir => ListDirectory(a0, a1, a2, a3),
                ForwardOp.Pread => Transfer(a0, a1, a2, write: false, (long)a3),
                ForwardOp.Pwrite => Transfer(a0, a1, a2, write: true, (long)a3),
                ForwardOp.Ftruncate => (long)a1 < 0 ? -Errno.EINVAL : OnDescriptor(a0, fd => Libc.ftruncate(fd, (long)a1)),
                ForwardOp.Fsync => OnDescriptor(a0, Libc.fsync),
                ForwardOp.Stat => StatPath(a0, a1, a2),
                ForwardOp.Chmod => OnPath(a0, a1, p => Libc.chmod(p, (int)(a2 & 0xfff))),
                ForwardOp.Utimens => SetTimes(a0, a1, a2),
                _ => -Errno.ENOSYS,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -Errno.EIO;   // a host-side surprise must not end the run
        }
    }

    long Open(ulong path, ulong length, int flags, int mode)
    {
        var (host, errno) = GuestPath(path, length);
        if (host is null) return -errno;
        if (descriptors.Full) return -Errno.EMFILE;
        // O_NONBLOCK: a FIFO planted in the sandbox must not hang the proxy (and it is refused below).
        var fd = Call(host, p => Libc.open(p, (flags & AllowedOpenFlags) | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK, mode & 0x1ff));
        if (fd < 0) return fd;
        if (!IsFileOrDirectory((int)fd))
        {
            Libc.close((int)fd);
            return -Errno.ENXIO;
        }
        var guestFd = descriptors.Add((int)fd);
        if (guestFd < 0)
        {
            Libc.close((int)fd);
            return -Errno.EMFILE;
        }
        return guestFd;
    }

    static bool IsFileOrDirectory(int fd)
    {
        var stat = stackalloc byte[Libc.StatSize];
        if (Libc.fstat(fd, stat) != 0) return false;
        var type = *(uint*)(stat + Libc.StatModeOffset) & Libc.S_IFMT;
        return type is Libc.S_IFREG or Libc.S_IFDIR;
    }

    /// <summary>read/write at the descriptor's offset, or pread/pwrite at <paramref name="offset"/> when it is given.</summary>
    long Transfer(ulong guestFd, ulong buffer, ulong length, bool write, long? offset = null)
    {
        var fd = descriptors.Lookup(guestFd);
        if (fd < 0) return -Errno.EBADF;
        if (offset < 0) return -Errno.EINVAL;
        length = Math.Min(length, MaxTransfer);
        if (!memory.Contains(buffer, length)) return -Errno.EFAULT;
        var moved = write ? transfer?.Write(fd, buffer, length, offset) : transfer?.Read(fd, buffer, length, offset);
        if (moved is long done) return done;
        var at = memory.At(buffer);
        var n = (write, offset) switch
        {
            (true, null) => Libc.write(fd, at, (nint)length),
            (false, null) => Libc.read(fd, at, (nint)length),
            (true, long o) => Libc.pwrite(fd, at, (nint)length, o),
            (false, long o) => Libc.pread(fd, at, (nint)length, o),
        };
        return n < 0 ? -Libc.LastErrno : n;
    }

    long OnDescriptor(ulong guestFd, Func<int, int> call)
    {
        var fd = descriptors.Lookup(guestFd);
        if (fd < 0) return -Errno.EBADF;
        var r = call(fd);
        return r < 0 ? -Libc.LastErrno : r;
    }

    long Close(ulong guestFd)
    {
        var fd = descriptors.Remove(guestFd);
        return fd < 0 ? -Errno.EBADF : Libc.close(fd) == 0 ? 0 : -Libc.LastErrno;
    }

    long Seek(ulong guestFd, long offset, ulong whence)
    {
        var fd = descriptors.Lookup(guestFd);
        if (fd < 0) return -Errno.EBADF;
        if (whence > 2) return -Errno.EINVAL;
        var at = Libc.lseek(fd, offset, (int)whence);
        return at < 0 ? -Libc.LastErrno : at;
    }

    /// <summary>Fills struct fwd_stat (32 bytes): size, mode, mtime.</summary>
    long Stat(ulong guestFd, ulong target)
    {
        var fd = descriptors.Lookup(guestFd);
        if (fd < 0) return -Errno.EBADF;
        if (!memory.Contains(target, 32)) return -Errno.EFAULT;
        var stat = stackalloc byte[Libc.StatSize];
        if (Libc.fstat(fd, stat) != 0) return -Libc.LastErrno;
        CopyStat(stat, target);
        return 0;
    }

    long StatPath(ulong path, ulong length, ulong target)
    {
        var (host, errno) = GuestPath(path, length);
        if (host is null) return -errno;
        if (!memory.Contains(target, 32)) return -Errno.EFAULT;
        var stat = stackalloc byte[Libc.StatSize];
        fixed (byte* p = Libc.CString(host))
            if (Libc.stat(p, stat) != 0) return -Libc.LastErrno;
        CopyStat(stat, target);
        return 0;
    }

    /// <summary>atime and mtime from guest RAM (struct fwd_timespec[2]); address 0 means "now" for both.</summary>
    long SetTimes(ulong path, ulong length, ulong times)
    {
        var (host, errno) = GuestPath(path, length);
        if (host is null) return -errno;
        if (times != 0 && !memory.Contains(times, 32)) return -Errno.EFAULT;
        var ts = stackalloc long[4];
        for (var i = 0; i < 4 && times != 0; i++)
            ts[i] = *(long*)memory.At(times + (ulong)(8 * i));
        fixed (byte* p = Libc.CString(host))
            return Libc.utimensat(Libc.AT_FDCWD, p, times == 0 ? null : ts, 0) == 0 ? 0 : -Libc.LastErrno;
    }

    void CopyStat(byte* stat, ulong target)
    {
        var output = memory.At(target);
        *(long*)output = *(long*)(stat + Libc.StatSizeOffset);
        *(uint*)(output + 8) = *(uint*)(stat + Libc.StatModeOffset);
        *(uint*)(output + 12) = 0;
        *(long*)(output + 16) = *(long*)(stat + Libc.StatMtimeOffset);
        *(long*)(output + 24) = *(long*)(stat + Libc.StatMtimeOffset + 8);
    }

    delegate int PathCall(byte* path);

    long OnPath(ulong path, ulong length, PathCall call)
    {
        var (host, errno) = GuestPath(path, length);
        return host is null ? -errno : Call(host, call);
    }

    static long Call(string host, PathCall call)
    {
        fixed (byte* p = Libc.CString(host))
            return call(p) is var r && r < 0 ? -Libc.LastErrno : r;
    }

    long Rename(ulong from, ulong fromLength, ulong to, ulong toLength)
    {
        var (source, errno) = GuestPath(from, fromLength);
        if (source is null) return -errno;
        (var target, errno) = GuestPath(to, toLength);
        if (target is null) return -errno;
        fixed (byte* s = Libc.CString(source))
        fixed (byte* t = Libc.CString(target))
            return Libc.rename(s, t) == 0 ? 0 : -Libc.LastErrno;
    }

    /// <summary>The guest's working directory is the sandbox root, which it sees as "/".</summary>
    long Getcwd(ulong buffer, ulong length)
    {
        if (length < 2) return -Errno.ERANGE;
        if (!memory.Contains(buffer, 2)) return -Errno.EFAULT;
        memory.At(buffer)[0] = (byte)'/';
        memory.At(buffer)[1] = 0;
        return 2;
    }

    long ClockGettime(ulong clock, ulong target)
    {
        if (clock > 1) return -Errno.EINVAL;   // REALTIME and MONOTONIC only
        if (!memory.Contains(target, 16)) return -Errno.EFAULT;
        var ts = stackalloc long[2];
        if (Libc.clock_gettime((int)clock, ts) != 0) return -Libc.LastErrno;
        *(long*)memory.At(target) = ts[0];
        *(long*)memory.At(target + 8) = ts[1];
        return 0;
    }

    /// <summary>Every name in the directory, NUL-terminated, sorted so runs are reproducible.</summary>
    long ListDirectory(ulong path, ulong length, ulong buffer, ulong capacity)
    {
        var (host, errno) = GuestPath(path, length);
        if (host is null) return -errno;
        if (!memory.Contains(buffer, capacity)) return -Errno.EFAULT;
        if (!Directory.Exists(host)) return File.Exists(host) ? -Errno.ENOTDIR : -Errno.ENOENT;
        var names = Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var output = new MemoryStream();
        foreach (var name in names)
        {
            output.Write(Encoding.UTF8.GetBytes(name!));
            output.WriteByte(0);
        }
        if ((ulong)output.Length > capacity) return -Errno.ENOMEM;
        output.GetBuffer().AsSpan(0, (int)output.Length).CopyTo(memory.Span(buffer, (int)output.Length));
        return output.Length;
    }

    /// <summary>Reads a path out of guest RAM and resolves it in the sandbox.</summary>
    (string? Host, int Errno) GuestPath(ulong address, ulong length)
    {
        if (length >= ForwardAbi.PathMax) return (null, Errno.ENAMETOOLONG);
        if (!memory.Contains(address, length)) return (null, Errno.EFAULT);
        try
        {
            return sandbox.Resolve(StrictUtf8.GetString(memory.Span(address, (int)length)));
        }
        catch (DecoderFallbackException)
        {
            return (null, Errno.EINVAL);   // host paths are UTF-8 here; anything else is not a name we hand out
        }
    }

    public void Dispose()
    {
        descriptors.Dispose();
        transfer?.Dispose();
    }
}
