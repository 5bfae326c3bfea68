using System.Globalization;

namespace Diver.Qemu;

/// <summary>
/// The vCPU count a net may ask for, checked the same way wherever it is given: -p:Cpus at build
/// (recorded in the .net.json) and at run (the launcher's --cpus), and the net's recorded default.
/// </summary>
public static class VcpuCount
{
    public const int Max = 64;

    public static int Parse(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) ? Check(cpus, text) : Check(0, text);

    public static int Check(int cpus, string shown) =>
        cpus is >= 1 and <= Max
            ? cpus
            : throw new DiverException(ErrorCodes.BadResource,
                $"CPU count '{shown}' is out of range. Use a whole number from 1 to {Max}, for example -p:Cpus=4.");
}
