using System.Buffers.Binary;
using System.Text;

namespace Diver.Cli.Symbols;

/// <summary>A little-endian cursor over a DWARF section, with the variable-length encodings DWARF uses.</summary>
internal sealed class DwarfReader(byte[] data, int position = 0)
{
    public int Position { get; set; } = position;
    public bool AtEnd => Position >= data.Length;

    public byte U8() => data[Position++];
    public sbyte S8() => (sbyte)data[Position++];
    public ushort U16() { var v = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(Position)); Position += 2; return v; }
    public uint U32() { var v = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(Position)); Position += 4; return v; }
    public ulong U64() { var v = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(Position)); Position += 8; return v; }

    public ulong Unsigned(int size) => size switch
    {
        1 => U8(),
        2 => U16(),
        4 => U32(),
        8 => U64(),
        _ => throw new InvalidDataException($"unsupported field size {size}"),
    };

    public ulong Uleb()
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = U8();
            if (shift < 64) result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public long Sleb()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = U8();
            if (shift < 64) result |= (long)(b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0)
            result |= -1L << shift;
        return result;
    }

    public string CString()
    {
        var end = Array.IndexOf(data, (byte)0, Position);
        if (end < 0) throw new InvalidDataException("unterminated string");
        var text = Encoding.UTF8.GetString(data, Position, end - Position);
        Position = end + 1;
        return text;
    }

    public void Skip(long count) => Position = checked((int)(Position + count));

    /// <summary>A NUL-terminated string at an offset of a string section (.debug_str, .debug_line_str).</summary>
    public static string StringAt(byte[]? section, ulong offset) =>
        section is null || offset >= (ulong)section.Length ? "" : new DwarfReader(section, (int)offset).CString();
}
