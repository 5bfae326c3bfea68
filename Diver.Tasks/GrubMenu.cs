namespace Diver.Tasks;

/// <summary>Adapts a kernel package's grub.cfg to one net: the command line of its multiboot2 entry becomes the net's name.</summary>
public static class GrubMenu
{
    /// <summary>The adapted configuration, and where in the ISO the configuration expects the image.</summary>
    public static (string Config, string ImagePath) ForNet(string grubConfig, string netName)
    {
        string? imagePath = null;
        var lines = grubConfig.Replace("\r\n", "\n").Split('\n').Select(line =>
        {
            var words = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0] is not ("multiboot2" or "multiboot"))
                return line;
            imagePath ??= words[1];
            var indent = line[..(line.Length - line.TrimStart().Length)];
            return $"{indent}{words[0]} {words[1]} {netName}";
        }).ToList();
        if (imagePath is null)
            throw new DiverException(ErrorCodes.IsoFailed,
                "The kernel package's boot/grub.cfg has no multiboot2 line, so GRUB would not know what to boot. Use a kernel whose grub.cfg loads the image with multiboot2.");
        return (string.Join('\n', lines), imagePath);
    }
}
