using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Run;

/// <summary>
/// A file with no name (memfd_create) that QEMU inherits and opens as /dev/fd/N: the console log
/// and SplitVM's guest RAM live in one, so there is never anything to delete in the temp folder or
/// /dev/shm, whichever process is killed and however. The memory is freed when the last of the
/// launcher and QEMU closes it.
/// </summary>
internal sealed class AnonymousFile : IDisposable
{
    const uint MFD_CLOEXEC = 1;

    public SafeFileHandle Handle { get; }
    /// <summary>The same number in the launcher and in QEMU, which inherits the descriptor.</summary>
    public string Path { get; }

    AnonymousFile(SafeFileHandle handle)
    {
        Handle = handle;
        Path = $"/dev/fd/{handle.DangerousGetHandle()}";
    }

    /// <param name="name">Shown in /proc/PID/fd as memfd:NAME, to tell what it is.</param>
    public static AnonymousFile Create(string name, long size = 0)
    {
        var fd = memfd_create(name, MFD_CLOEXEC);
        if (fd < 0)
            throw new IOException($"memfd_create failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (size > 0 && ftruncate(fd, size) != 0)
        {
            var error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            handle.Dispose();
            throw new IOException(error);
        }
        return new AnonymousFile(handle);
    }

    /// <summary>One received from another process (a <see cref="Diver.Cli.Channels.RingLink"/>), owned from here on.</summary>
    public static AnonymousFile Adopt(SafeFileHandle handle) => new(handle);

    /// <summary>
    /// Lets the next child inherit the descriptor. Called just before QEMU starts, so no other
    /// child (a relay, a probe) holds it open after QEMU is gone.
    /// </summary>
    public void InheritByChildren() => _ = Descriptors.SetInherited(checked((int)Handle.DangerousGetHandle()), true);

    public void Dispose() => Handle.Dispose();

    [DllImport("libc", SetLastError = true)]
    static extern int memfd_create(string name, uint flags);

    [DllImport("libc", SetLastError = true)]
    static extern int ftruncate(int fd, long length);
}
