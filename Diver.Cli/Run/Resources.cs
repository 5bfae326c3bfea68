using System.Globalization;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Range checks for the resources a run asks for, shared by the option parser and the net's
/// defaults. CPU counts and memory sizes are checked by Diver.Core (<see cref="VcpuCount"/>,
/// <see cref="MemorySize"/>), which the build uses too.
/// </summary>
internal static class Resources
{
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
