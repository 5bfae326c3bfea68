using System.Globalization;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>Range checks for the resources a run asks for, shared by the option parser and the net's defaults.</summary>
internal static class Resources
{
    public const int MaxCpus = 64;

    public static int ParseCpus(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) ? CheckCpus(cpus, text) : CheckCpus(0, text);

    public static int CheckCpus(int cpus, string shown) =>
        cpus is >= 1 and <= MaxCpus
            ? cpus
            : throw new DiverException(ErrorCodes.BadResource,
                $"CPU count '{shown}' is out of range. Use a whole number from 1 to {MaxCpus}, for example -p:Cpus=4.");

    public static MemorySize ParseMemory(string text) => MemorySize.Parse(text);

    /// <summary>Seconds, fractions allowed; 0 means no timeout.</summary>
    public static TimeSpan? ParseTimeout(string text)
    {
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
        throw new DiverException(ErrorCodes.BadResource,
            $"Timeout '{text}' is not a number of seconds. Use for example -p:RunTimeout=30 (0 for none).");
    }
}
