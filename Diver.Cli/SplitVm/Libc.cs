using System.Runtime.InteropServices;

namespace Diver.Cli.SplitVm;

/// <summary>
/// The host system calls the proxy makes. Raw descriptors rather than FileStream: the guest
/// needs POSIX semantics and errno values, and read/write go straight between the host file and
/// guest RAM with no copy. Blittable signatures only, so NativeAOT needs no marshalling code.
/// </summary>
internal static unsafe class Libc
{
    public const int O_ACCMODE = 3;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;

    public const int StatSize = 144;        // struct stat on x86-64 Linux
    public const int StatModeOffset = 24;
    public const int StatSizeOffset = 48;
    public const int StatMtimeOffset = 88;
    public const uint S_IFMT = 0xF000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFLNK = 0xA000;

    public static int LastErrno => Marshal.GetLastPInvokeError();

    [DllImport("libc", SetLastError = true)] public static extern int open(byte* path, int flags, int mode);
    [DllImport("libc", SetLastError = true)] public static extern nint read(int fd, byte* buffer, nint count);
    [DllImport("libc", SetLastError = true)] public static extern nint write(int fd, byte* buffer, nint count);
    [DllImport("libc", SetLastError = true)] public static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] public static extern long lseek(int fd, long offset, int whence);
    [DllImport("libc", SetLastError = true)] public static extern int fstat(int fd, byte* stat);
    [DllImport("libc", SetLastError = true)] public static extern int lstat(byte* path, byte* stat);
    [DllImport("libc", SetLastError = true)] public static extern int unlink(byte* path);
    [DllImport("libc", SetLastError = true)] public static extern int rmdir(byte* path);
    [DllImport("libc", SetLastError = true)] public static extern int mkdir(byte* path, int mode);
    [DllImport("libc", SetLastError = true)] public static extern int rename(byte* from, byte* to);
    [DllImport("libc", SetLastError = true)] public static extern nint pread(int fd, byte* buffer, nint count, long offset);
    [DllImport("libc", SetLastError = true)] public static extern nint pwrite(int fd, byte* buffer, nint count, long offset);
    [DllImport("libc", SetLastError = true)] public static extern int ftruncate(int fd, long length);
    [DllImport("libc", SetLastError = true)] public static extern int fsync(int fd);
    [DllImport("libc", SetLastError = true)] public static extern int stat(byte* path, byte* stat);
    [DllImport("libc", SetLastError = true)] public static extern int chmod(byte* path, int mode);
    [DllImport("libc", SetLastError = true)] public static extern int utimensat(int dirfd, byte* path, long* times, int flags);
    public const int AT_FDCWD = -100;
    [DllImport("libc", SetLastError = true)] public static extern byte* realpath(byte* path, byte* resolved);
    [DllImport("libc", SetLastError = true)] public static extern int clock_gettime(int clock, long* timespec);
    [DllImport("libc", SetLastError = true)] public static extern int sched_setaffinity(int pid, nint size, ulong* mask);
    [DllImport("libc", SetLastError = true)] public static extern int sched_getaffinity(int pid, nint size, ulong* mask);
    [DllImport("libc")] public static extern void free(void* p);
    [DllImport("libc", SetLastError = true)] static extern int access(byte* path, int mode);

    /// <summary>A path as the NUL-terminated UTF-8 the calls above take.</summary>
    public static byte[] CString(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>realpath(3), or null with the errno when the path does not resolve.</summary>
    public static string? RealPath(string path, out int errno)
    {
        fixed (byte* p = CString(path))
        {
            var resolved = realpath(p, null);
            errno = resolved == null ? LastErrno : 0;
            if (resolved == null) return null;
            try { return Marshal.PtrToStringUTF8((nint)resolved); }
            finally { free(resolved); }
        }
    }

    /// <summary>access(2) for writing and searching: 0, or the errno (EACCES, EROFS...).</summary>
    public static int WritableFolderErrno(string path)
    {
        const int W_OK = 2, X_OK = 1;
        fixed (byte* p = CString(path))
            return access(p, W_OK | X_OK) == 0 ? 0 : LastErrno;
    }

    /// <summary>strerror(3) text for an errno, without a resource lookup (this build keeps only resource keys).</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>lstat's st_mode, or 0 when the path does not exist.</summary>
    public static uint LinkMode(string path)
    {
        var stat = stackalloc byte[StatSize];
        fixed (byte* p = CString(path))
            return lstat(p, stat) == 0 ? *(uint*)(stat + StatModeOffset) : 0;
    }
}
