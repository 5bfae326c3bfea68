using System.IO.MemoryMappedFiles;
using Diver.Cli.Run;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Guest RAM as a file QEMU maps with share=on and the launcher maps too: the memory the
/// forwarding ring lives in. It is an <see cref="AnonymousFile"/> (memfd) created at full size
/// before QEMU starts, which QEMU opens as /dev/fd/N: it has no name in /dev/shm at any moment, so
/// nothing can be left there whichever process dies, and it is freed when both have let go.
/// </summary>
internal sealed unsafe class SharedRamFile : IDisposable
{
    readonly AnonymousFile file;
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    byte* pointer;

    /// <summary>The path QEMU's memory-backend-file opens (/dev/fd/N).</summary>
    public string Path => file.Path;
    public GuestMemory Memory { get; }

    SharedRamFile(AnonymousFile file, long size)
    {
        this.file = file;
        map = MemoryMappedFile.CreateFromFile(file.Handle, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        view = map.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Memory = new GuestMemory(pointer, size) { File = file.Handle };
    }

    public static SharedRamFile Create(long size)
    {
        AnonymousFile? file = null;
        try
        {
            file = AnonymousFile.Create("diver-guest-ram", size);
            return new SharedRamFile(file, size);
        }
        catch (IOException e)
        {
            file?.Dispose();
            throw new DiverException(ErrorCodes.SharedMemoryUnavailable,
                $"SplitVM could not create its shared guest memory ({size >> 20} MiB: {e.Message}). " +
                "Free memory (or shared-memory quota), or lower -p:Memory.");
        }
    }

    /// <summary>
    /// Maps another launcher's guest RAM, received over a <see cref="Channels.RingLink"/>. The file must be
    /// at least <paramref name="size"/> bytes: a mapping past its end would fault on access, not fail here.
    /// </summary>
    public static SharedRamFile Map(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long size)
    {
        var file = AnonymousFile.Adopt(handle);
        try
        {
            if (size <= 0 || RandomAccess.GetLength(handle) < size)
                throw new IOException($"the guest memory handed over is smaller than the {size} bytes announced");
            return new SharedRamFile(file, size);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The size the file must have for a QEMU command: QEMU sizes RAM in whole MiB, and the file must match exactly.</summary>
    public static long SizeOf(Diver.Qemu.QemuCommand command) => Math.Max(1, command.Memory.Bytes >> 20) << 20;

    /// <summary>Lets QEMU, started next, inherit the descriptor it opens as <see cref="Path"/>.</summary>
    public void InheritByQemu() => file.InheritByChildren();

    public void Dispose()
    {
        if (pointer != null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            pointer = null;
        }
        view.Dispose();
        map.Dispose();
        file.Dispose();
    }
}
