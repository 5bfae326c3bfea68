using System.IO.MemoryMappedFiles;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Guest RAM as a file QEMU maps with share=on and the launcher maps too: the memory the
/// forwarding ring lives in. Created (at full size) before QEMU starts so neither side races the
/// other. It is unlinked as soon as both sides have it mapped (see <see cref="Unlink"/>) and on
/// dispose at the latest.
/// </summary>
internal sealed unsafe class SharedRamFile : IDisposable
{
    readonly MemoryMappedFile map;
    readonly MemoryMappedViewAccessor view;
    byte* pointer;

    public string Path { get; }
    public GuestMemory Memory { get; }

    SharedRamFile(string path, long size)
    {
        Path = path;
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite))
            file.SetLength(size);
        map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, size, MemoryMappedFileAccess.ReadWrite);
        view = map.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Memory = new GuestMemory(pointer, size);
    }

    public static SharedRamFile Create(string path, long size)
    {
        try
        {
            return new SharedRamFile(path, size);
        }
        catch (IOException e)
        {
            TryDelete(path);
            throw new DiverException(ErrorCodes.SharedMemoryUnavailable,
                $"SplitVM could not create its shared guest-memory file {path} ({e.Message}). " +
                "Free space in /dev/shm (or the temp folder), or lower -p:Memory.");
        }
    }

    /// <summary>
    /// Removes the name from /dev/shm while QEMU and the launcher keep their mappings, so nothing
    /// is left behind even if the launcher is killed with SIGKILL later in the run.
    /// </summary>
    public void Unlink() => TryDelete(Path);

    public void Dispose()
    {
        if (pointer != null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            pointer = null;
        }
        view.Dispose();
        map.Dispose();
        TryDelete(Path);
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
