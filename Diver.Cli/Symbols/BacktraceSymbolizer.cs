using System.Globalization;

namespace Diver.Cli.Symbols;

/// <summary>
/// Names the frames of a panic backtrace on the host, from the net's ELF: function plus offset,
/// and file:line when the code was built with debug info (Debug configuration). The kernel only
/// prints addresses, so it stays small and needs no symbol table of its own.
/// </summary>
internal static class BacktraceSymbolizer
{
    public static IReadOnlyList<string> Symbolize(IReadOnlyList<Frame> frames, string imagePath)
    {
        if (frames.Count == 0) return [];
        var image = ElfImage.TryLoad(imagePath);
        var lines = image is null
            ? DwarfLineTable.Empty
            : DwarfLineTable.Read(image.Section(".debug_line"), image.Section(".debug_line_str"), image.Section(".debug_str"));
        var result = new List<string>();
        for (var i = 0; i < frames.Count; i++)
            result.Add(Describe(i, frames[i], image, lines));
        return result;
    }

    static string Describe(int index, Frame frame, ElfImage? image, DwarfLineTable lines)
    {
        var text = $"  #{index.ToString(CultureInfo.InvariantCulture),-2} 0x{frame.Address:x}";
        var function = image?.FunctionAt(frame.LookupAddress);
        text += function is null ? " ??" : $" {function.Name}+0x{frame.Address - function.Address:x}";
        if (lines.Find(frame.LookupAddress) is { } source)
            text += $" at {source}";
        return text;
    }
}
