namespace Diver.Cli.Run;

/// <summary>
/// The host-to-guest console byte stream (docs/kernel-contract.md, "Console input"). A serial line
/// has no end of file, so the stream carries it in band: 0x04 ends input, as Ctrl-D does on a
/// terminal in raw mode; 0xFF makes the next byte literal; a bare CR is a terminal's Enter and
/// reads as '\n'. Piped input is escaped so that every byte of it arrives unchanged, 0x04, 0xFF
/// and CR included, and its end is sent as 0x04.
/// </summary>
internal static class ConsoleInput
{
    public const byte EndOfInput = 0x04;
    public const byte Escape = 0xFF;
    const byte CarriageReturn = 0x0D;

    static bool NeedsEscape(byte b) => b is EndOfInput or Escape or CarriageReturn;

    /// <summary>Escapes <paramref name="data"/> into <paramref name="output"/> (at least twice its length); returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var n = 0;
        foreach (var b in data)
        {
            if (NeedsEscape(b))
                output[n++] = Escape;
            output[n++] = b;
        }
        return n;
    }
}
