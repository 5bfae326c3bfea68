using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// Feeds the launcher's stdin to QEMU's console when it is a pipe or a file, escaped as
/// <see cref="ConsoleInput"/> says, and ends it with the end-of-input byte, so `app &lt; file`,
/// `cmd | dotnet run` and `&lt;/dev/null` reach end of file in the guest. A terminal is left to QEMU
/// directly (nothing in between; Ctrl-D is already 0x04 there).
/// </summary>
internal static class ConsoleInputRelay
{
    const int Chunk = 16 * 1024;

    /// <summary>True when stdin needs the relay: it is not a terminal.</summary>
    public static bool Needed() => isatty(0) == 0;

    /// <summary>Copies stdin into <paramref name="qemuInput"/> on a background thread until stdin ends or QEMU stops reading.</summary>
    public static void Start(Stream qemuInput) =>
        new Thread(() => Copy(Console.OpenStandardInput(), qemuInput)) { IsBackground = true, Name = "diver-console-input" }.Start();

    internal static void Copy(Stream input, Stream qemuInput)
    {
        var buffer = new byte[Chunk];
        var encoded = new byte[Chunk * 2];
        try
        {
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                qemuInput.Write(encoded, 0, ConsoleInput.Encode(buffer.AsSpan(0, read), encoded));
                qemuInput.Flush();
            }
            qemuInput.WriteByte(ConsoleInput.EndOfInput);
            qemuInput.Flush();
            qemuInput.Dispose();
        }
        catch (IOException) { }   // QEMU has exited: nobody is left to read the rest
        catch (ObjectDisposedException) { }
    }

    [DllImport("libc")]
    static extern int isatty(int fd);
}
