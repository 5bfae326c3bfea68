using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace Diver.Cli.Symbols;

/// <summary>
/// The parts of a net's ELF a backtrace needs: function symbols (.symtab) and the raw DWARF
/// sections for file:line. ELFSharp reads the container; it is NativeAOT-clean, and only a
/// panic makes the launcher load it.
/// </summary>
internal sealed class ElfImage
{
    readonly FunctionSymbol[] functions;
    readonly Dictionary<string, byte[]> debugSections;

    ElfImage(FunctionSymbol[] functions, Dictionary<string, byte[]> debugSections)
    {
        this.functions = functions;
        this.debugSections = debugSections;
    }

    /// <summary>The image's symbols, or null when the file is not a readable 64-bit ELF.</summary>
    public static ElfImage? TryLoad(string path)
    {
        try
        {
            if (!ELFReader.TryLoad<ulong>(path, out var elf))
                return null;
            using (elf)
            {
                var functions = new List<FunctionSymbol>();
                if (elf.TryGetSection(".symtab", out var section) && section is ISymbolTable table)
                {
                    foreach (var entry in table.Entries.OfType<SymbolEntry<ulong>>())
                        if (IsCode(entry))
                            functions.Add(new FunctionSymbol(entry.Name, entry.Value, entry.Size));
                }
                var debug = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var name in DwarfLineTable.SectionNames)
                    if (elf.TryGetSection(name, out var dwarf))
                        debug[name] = dwarf.GetContents();
                return new ElfImage([.. functions.OrderBy(f => f.Address)], debug);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;   // a backtrace without names is still a backtrace
        }
    }

    /// <summary>
    /// Functions, and the untyped labels assembly code defines in executable sections (the boot
    /// and stack-switch code), except the linker script's "__" markers, which would name every
    /// address after them.
    /// </summary>
    static bool IsCode(SymbolEntry<ulong> entry) =>
        entry.Value != 0 && entry.Name.Length > 0 &&
        (entry.Type == SymbolType.Function ||
         (entry.Type == SymbolType.NotSpecified && !entry.Name.StartsWith("__", StringComparison.Ordinal) &&
          entry.PointedSection is { } section && (section.Flags & SectionFlags.Executable) != 0));

    public byte[]? Section(string name) => debugSections.GetValueOrDefault(name);

    /// <summary>The function containing the address: the nearest symbol at or below it, within its size when the size is known.</summary>
    public FunctionSymbol? FunctionAt(ulong address)
    {
        var found = SortedLookup.LastAtOrBelow(functions, f => f.Address, address);
        if (found < 0) return null;
        var symbol = functions[found];
        return symbol.Size == 0 || address < symbol.Address + symbol.Size ? symbol : null;
    }
}

internal sealed record FunctionSymbol(string Name, ulong Address, ulong Size);
