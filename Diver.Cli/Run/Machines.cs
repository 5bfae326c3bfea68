namespace Diver.Cli.Run;

/// <summary>
/// The QEMU machines a net can boot on. microvm loads the ELF directly (PVH, milliseconds); pc
/// goes through SeaBIOS and GRUB from the net's ISO (Multiboot2), as real hardware would.
/// </summary>
internal static class Machines
{
    public const string Microvm = "microvm";
    public const string Pc = "pc";

    public static string Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        Microvm => Microvm,
        Pc => Pc,
        _ => throw new DiverException(ErrorCodes.UnknownMachine,
            $"Unknown machine '{text}'. Use microvm (the default: QEMU loads the ELF directly) or pc (firmware and GRUB boot the net's ISO)."),
    };

    public static bool BootsFromIso(string machine) => machine == Pc;
}
