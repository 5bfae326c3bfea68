using System.Globalization;
using System.Text.RegularExpressions;

namespace Diver.Cli.Symbols;

/// <summary>
/// The addresses of a kernel panic report as the guest printed it (docs/kernel-contract.md): the
/// faulting instruction ("  RIP: 0x...") and the frame-pointer walk ("  bt: 0x...", return
/// addresses), from the last "PANIC:" line on.
/// </summary>
internal static partial class PanicReport
{
    public static IReadOnlyList<Frame> Frames(string consoleText)
    {
        var start = consoleText.LastIndexOf("PANIC:", StringComparison.Ordinal);
        if (start < 0) return [];
        var frames = new List<Frame>();
        foreach (var line in consoleText[start..].Split('\n'))
        {
            var match = AddressLine().Match(line);
            if (!match.Success) continue;
            var address = ulong.Parse(match.Groups["address"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            frames.Add(new Frame(address, IsReturnAddress: match.Groups["kind"].Value == "bt"));
        }
        return frames;
    }

    [GeneratedRegex(@"^\s*(?<kind>RIP|bt):\s*0x(?<address>[0-9a-fA-F]{1,16})\s*$")]
    private static partial Regex AddressLine();
}

/// <summary>One code address of a backtrace; a return address points just after its call.</summary>
internal readonly record struct Frame(ulong Address, bool IsReturnAddress)
{
    /// <summary>An address inside the call instruction itself, so the line is the call's, not the next statement's.</summary>
    public ulong LookupAddress => IsReturnAddress && Address > 0 ? Address - 1 : Address;
}
