namespace Diver.Cli.Run;

/// <summary>
/// The file QEMU copies the guest console into (chardev logfile), so the launcher can quote a
/// panic message and tell whether the guest ran at all without sitting between the guest and the
/// terminal. For a run it is an <see cref="AnonymousFile"/> (nothing on disk to leave behind,
/// even if the launcher is killed); for --print-command, a temp path the printed command can use.
/// </summary>
internal sealed class ConsoleLog : IDisposable
{
    readonly AnonymousFile? file;

    const int TailBytes = 4096;
    /// <summary>Enough for a panic report: message, registers and a 32-frame backtrace.</summary>
    const int ReportBytes = 64 * 1024;

    public string Path { get; }

    ConsoleLog(string path, AnonymousFile? file = null)
    {
        Path = path;
        this.file = file;
    }

    /// <summary>The log of a run: QEMU inherits it (see <see cref="InheritByQemu"/>) and opens /dev/fd/N.</summary>
    public static ConsoleLog Create()
    {
        var file = AnonymousFile.Create("diver-console");
        return new ConsoleLog(file.Path, file);
    }

    /// <summary>The log diver-prestart created at descriptor <paramref name="fd"/> for the QEMU it started (see <see cref="Prestart"/>).</summary>
    public static ConsoleLog Adopt(int fd)
    {
        var file = AnonymousFile.Adopt(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true));
        return new ConsoleLog(file.Path, file);
    }

    /// <summary>The descriptor QEMU opens as /dev/fd/N, or null for a named file.</summary>
    public int? Descriptor => file is null ? null : checked((int)file.Handle.DangerousGetHandle());

    /// <summary>
    /// A fresh name only, for a command printed to run by hand; QEMU creates the file. The pid makes
    /// it unique among running launchers and the clock against pid reuse.
    /// </summary>
    public static ConsoleLog CreateName() =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(),
            $"diver-{Environment.ProcessId}-{System.Diagnostics.Stopwatch.GetTimestamp():x}.console.log"));

    public void InheritByQemu() => file?.InheritByChildren();

    public bool HasContent => File.Exists(Path) && new FileInfo(Path).Length > 0;

    /// <summary>The end of what the guest printed (empty when it printed nothing).</summary>
    public string Tail(int bytes = ReportBytes)
    {
        if (!File.Exists(Path)) return "";
        using var file = File.OpenRead(Path);
        file.Seek(Math.Max(0, file.Length - bytes), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }

    /// <summary>The last non-blank line the guest printed, without control characters, or null.</summary>
    public string? LastLine()
    {
        if (!File.Exists(Path)) return null;
        var lines = Tail(TailBytes).Split('\n');
        foreach (var line in lines.Reverse())
        {
            var clean = new string(line.Where(c => !char.IsControl(c)).ToArray()).Trim();
            if (clean.Length > 0)
                return clean.Length > 200 ? clean[..200] + "..." : clean;
        }
        return null;
    }

    public void Dispose()
    {
        if (file is not null)
        {
            file.Dispose();
            return;
        }
        try { File.Delete(Path); }
        catch (IOException) { }   // a leftover temp file is not worth failing a run for
        catch (UnauthorizedAccessException) { }
    }
}
