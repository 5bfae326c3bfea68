namespace Diver.Cli.Symbols;

/// <summary>
/// Addresses to source lines from .debug_line, versions 2 to 5. Written here because clang 14
/// emits DWARF 5 by default and LibObjectFile reads DWARF 4 only; a line table is the one DWARF
/// piece a backtrace needs, and its state machine is short.
/// </summary>
internal sealed class DwarfLineTable
{
    public static readonly string[] SectionNames = [".debug_line", ".debug_line_str", ".debug_str"];

    readonly LineRange[] ranges;

    DwarfLineTable(LineRange[] ranges) => this.ranges = ranges;

    public static DwarfLineTable Empty { get; } = new([]);

    public static DwarfLineTable Read(byte[]? debugLine, byte[]? lineStrings, byte[]? strings)
    {
        var ranges = new List<LineRange>();
        if (debugLine is null)
            return Empty;
        var reader = new DwarfReader(debugLine);
        while (reader.Position + 4 <= debugLine.Length)
        {
            var start = reader.Position;
            try
            {
                var next = LineProgram.ReadUnit(reader, lineStrings, strings, ranges);
                if (next <= start) break;
                reader.Position = next;
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
            {
                break;   // a unit we cannot read ends the table; what came before stays usable
            }
        }
        return new DwarfLineTable([.. ranges.OrderBy(r => r.Start)]);
    }

    /// <summary>The source line whose code contains the address, or null.</summary>
    public SourceLine? Find(ulong address)
    {
        var found = SortedLookup.LastAtOrBelow(ranges, r => r.Start, address);
        // Ranges of discarded (gc-sections) code all start near 0 and may overlap: look back a little.
        for (var i = found; i >= 0 && i > found - 8; i--)
            if (address >= ranges[i].Start && address < ranges[i].End)
                return ranges[i].Line;
        return null;
    }
}

internal sealed record SourceLine(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

internal readonly record struct LineRange(ulong Start, ulong End, SourceLine Line);
