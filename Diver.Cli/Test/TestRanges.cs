using System.Globalization;
using System.Text;

namespace Diver.Cli.Test;

/// <summary>
/// The test indexes a boot runs, written "0-4,7,9-12" for the guest's argv: short enough for a
/// kernel command line however many tests are selected, since selections are mostly runs.
/// </summary>
internal static class TestRanges
{
    public static string Format(IEnumerable<int> indexes)
    {
        var sorted = indexes.Order().ToList();
        var text = new StringBuilder();
        for (var i = 0; i < sorted.Count; i++)
        {
            var from = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1) i++;
            if (text.Length > 0) text.Append(',');
            text.Append(from.ToString(CultureInfo.InvariantCulture));
            if (sorted[i] != from) text.Append('-').Append(sorted[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
