using System.Globalization;

namespace Diver.Qemu;

/// <summary>
/// A guest RAM size: a whole number of MiB, written as a number (MiB) or with a K, M or G suffix
/// (K only in whole MiB: QEMU sizes RAM in MiB and would round anything finer silently).
/// </summary>
public readonly record struct MemorySize(long Bytes)
{
    public static MemorySize Parse(string text)
    {
        if (TryParse(text, out var size))
            return size;
        throw new DiverException(ErrorCodes.BadResource,
            $"Memory '{text}' is not a size. Use a whole number of MiB, written as a number or with K, M or G, for example -p:Memory=256M.");
    }

    public static bool TryParse(string? text, out MemorySize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        long multiplier = 1024 * 1024;
        var suffix = char.ToUpperInvariant(text[^1]);
        var digits = text;
        if (char.IsLetter(suffix))
        {
            multiplier = suffix switch
            {
                'K' => 1024L,
                'M' => 1024L * 1024,
                'G' => 1024L * 1024 * 1024,
                _ => 0,
            };
            digits = text[..^1];
            if (digits.EndsWith("i", StringComparison.OrdinalIgnoreCase)) return false;
        }
        if (multiplier == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0
            || n > long.MaxValue / multiplier || n * multiplier % (1024 * 1024) != 0)
            return false;
        size = new MemorySize(n * multiplier);
        return true;
    }

    /// <summary>QEMU's -m form, in MiB.</summary>
    public string ToQemuArgument() => $"{Bytes / (1024 * 1024)}M";

    public override string ToString() =>
        Bytes % (1024L * 1024 * 1024) == 0 ? $"{Bytes / (1024L * 1024 * 1024)} GiB" : $"{Bytes / (1024 * 1024)} MiB";
}
