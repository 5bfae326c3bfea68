namespace Diver.Cli.Run;

/// <summary>
/// Forwards QEMU's stderr to the launcher's as it arrives and keeps the first few KiB. The guest
/// console is on stdout and never passes through here; QEMU only writes its own diagnostics to
/// stderr, and reading them is what tells QEMU's error exit (1) from an app that returned 0.
/// </summary>
internal sealed class QemuStderrPump
{
    const int KeepBytes = 16 * 1024;
    static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    readonly Stream source;
    readonly Stream sink;
    readonly MemoryStream kept = new();
    readonly Thread thread;

    QemuStderrPump(Stream source, Stream sink)
    {
        this.source = source;
        this.sink = sink;
        thread = new Thread(Pump) { IsBackground = true, Name = "qemu-stderr" };
    }

    public static QemuStderrPump Start(Stream source)
    {
        var pump = new QemuStderrPump(source, Console.OpenStandardError());
        pump.thread.Start();
        return pump;
    }

    /// <summary>Waits for QEMU's stderr to close (it does when QEMU exits) and returns what was kept.</summary>
    public string Finish()
    {
        thread.Join(DrainTimeout);
        lock (kept)
            return System.Text.Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    /// <summary>
    /// QEMU's "terminating on signal N" line only repeats what the launcher's DIVER3005/DIVER3006
    /// line says better.
    /// </summary>
    static bool IsStopNotice(ReadOnlySpan<byte> line) => line.IndexOf("terminating on signal"u8) >= 0;

    /// <summary>
    /// Forwards whole lines (QEMU writes a message's prefix, text and newline separately) so a
    /// line can be judged before it is shown; a partial line is forwarded when the pipe closes.
    /// </summary>
    void Pump()
    {
        var buffer = new byte[4096];
        var line = new List<byte>(256);
        try
        {
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                Keep(buffer.AsSpan(0, n));
                foreach (var b in buffer.AsSpan(0, n))
                {
                    line.Add(b);
                    if (b == (byte)'\n')
                        Forward(line);
                }
            }
            Forward(line);
        }
        catch (IOException) { }   // our stderr went away; QEMU's exit status still tells the story
        catch (ObjectDisposedException) { }
    }

    void Forward(List<byte> line)
    {
        var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(line);
        if (bytes.Length > 0 && !IsStopNotice(bytes))
        {
            sink.Write(bytes);
            sink.Flush();
        }
        line.Clear();
    }

    void Keep(ReadOnlySpan<byte> chunk)
    {
        lock (kept)
            if (kept.Length < KeepBytes)
                kept.Write(chunk[..(int)Math.Min(chunk.Length, KeepBytes - kept.Length)]);
    }
}
