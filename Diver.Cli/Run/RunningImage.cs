using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Run;

/// <summary>
/// The net's ELF as it was when QEMU started, held open for the run so a panic backtrace is named
/// from the code that ran even if the project is rebuilt meanwhile: the linker writes a new file
/// and renames it over the old name, and this descriptor keeps the old one readable (as
/// /dev/fd/N). Should the file be rewritten in place instead, its size or time changes and the
/// backtrace says it may not match. Opening costs one open(2), no hashing.
/// </summary>
internal sealed class RunningImage : IDisposable
{
    readonly SafeFileHandle handle;
    readonly long length;
    readonly DateTime written;

    public string Path { get; }

    RunningImage(string path, SafeFileHandle handle)
    {
        Path = path;
        this.handle = handle;
        length = RandomAccess.GetLength(handle);
        written = File.GetLastWriteTimeUtc(handle);
    }

    /// <summary>Null when the image cannot be opened (QEMU will say so itself).</summary>
    public static RunningImage? Open(string path)
    {
        try
        {
            return new RunningImage(path, File.OpenHandle(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A path that reads the image that ran, whatever has happened to <see cref="Path"/> since.</summary>
    public string SymbolsPath => InPlaceChanged() ? Path : $"/dev/fd/{handle.DangerousGetHandle()}";

    /// <summary>Null when <see cref="Path"/> still holds the image that ran; otherwise what to tell the user.</summary>
    public string? ChangeNotice()
    {
        if (InPlaceChanged())
            return $"{Path} was overwritten while the net ran: the names below may not match the code that ran.";
        var now = new FileInfo(Path);
        if (!now.Exists || now.Length != length || now.LastWriteTimeUtc != written)
            return $"{Path} was rebuilt while the net ran: the names below are from the image that ran, not the new one.";
        return null;
    }

    bool InPlaceChanged() => RandomAccess.GetLength(handle) != length || File.GetLastWriteTimeUtc(handle) != written;

    public void Dispose() => handle.Dispose();
}
