using System.Globalization;

namespace Diver.Cli.Test;

/// <summary>
/// Durations as `dotnet test --blame-hang-timeout` takes them: "90s", "5min", "1h", "1.5h",
/// "500ms", or a bare number of milliseconds. 0 means none.
/// </summary>
internal static class HangTimeout
{
    public static TimeSpan? Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = SplitUnit(t);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            double? ms = unit switch
            {
                "" or "ms" => value,
                "s" or "sec" or "second" or "seconds" => value * 1000,
                "m" or "min" or "minute" or "minutes" => value * 60_000,
                "h" or "hour" or "hours" => value * 3_600_000,
                _ => null,
            };
            if (ms is { } m && m < TimeSpan.MaxValue.TotalMilliseconds / 2)
                return m == 0 ? null : TimeSpan.FromMilliseconds(m);
        }
        throw new DiverException(ErrorCodes.BadTestTimeout,
            $"Test timeout '{text}' is not a duration. Use for example --blame-hang-timeout 90s (or 5min, 1h, 500ms), or -p:TestTimeout=90s; 0 means none.");
    }

    static (string Number, string Unit) SplitUnit(string t)
    {
        var i = 0;
        while (i < t.Length && (char.IsAsciiDigit(t[i]) || t[i] == '.')) i++;
        return (t[..i], t[i..].Trim());
    }
}
