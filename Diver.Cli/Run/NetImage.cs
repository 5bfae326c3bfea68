using Diver.Nets;

namespace Diver.Cli.Run;

/// <summary>
/// Checks the image a net description points at. Size only, not the SHA-256: hashing would load
/// OpenSSL, which alone costs more than the launcher's whole start-up budget; a rebuilt or
/// truncated image almost always changes size too.
/// </summary>
internal static class NetImage
{
    public static string Locate(NetDescription net, string netJsonPath)
    {
        var path = net.ImagePath(netJsonPath);
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new DiverException(ErrorCodes.NetMissing,
                $"The net {net.Name} has no image at {path}. Build the project again with 'dotnet build'.");
        if (net.ImageSize > 0 && file.Length != net.ImageSize)
            throw new DiverException(ErrorCodes.NetMissing,
                $"The image {path} is {file.Length} bytes but {Path.GetFileName(netJsonPath)} says {net.ImageSize}: " +
                "it changed after the build. Build the project again with 'dotnet build'.");
        return path;
    }

    /// <summary>
    /// The full check, for images copied to another machine (Slurm staging): the hash recorded for the
    /// image must match, or the image was changed or copied in part, and is not booted. A staged net
    /// carries the XxHash128 taken at staging; any other net the build's SHA-256.
    /// </summary>
    public static void VerifyHash(NetDescription net, string imagePath)
    {
        var (algorithm, expected, actual) = net.StagedImageXxHash128 is { Length: > 0 } staged
            ? ("XxHash128", staged, XxHash128(imagePath))
            : ("SHA-256", net.Sha256, Sha256(imagePath));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new DiverException(ErrorCodes.ImageHashMismatch,
                $"The image {imagePath} does not match the {algorithm} its net description records ({expected[..Math.Min(12, expected.Length)]}...): " +
                "it was changed or copied in part after staging, so it is not booted. Run again to stage it anew.");
    }

    public static string XxHash128(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = new System.IO.Hashing.XxHash128();
        hash.Append(stream);
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>Where BootImage=iso writes the ISO: beside the ELF, same name.</summary>
    public static string IsoPath(string imagePath) => Path.ChangeExtension(imagePath, ".iso");

    /// <summary>The ISO a firmware machine boots, checked to exist; null when the machine loads the ELF itself.</summary>
    public static string? LocateIso(string? machine, string imagePath)
    {
        if (machine is null || !Machines.BootsFromIso(machine))
            return null;
        var iso = IsoPath(imagePath);
        if (!File.Exists(iso))
            throw new DiverException(ErrorCodes.BootIsoMissing,
                $"Machine {machine} boots the net from its ISO, but there is none at {iso}. " +
                "Build it with -p:BootImage=iso ('dotnet run -p:Machine=pc' builds it for you).");
        if (File.GetLastWriteTimeUtc(iso) < File.GetLastWriteTimeUtc(imagePath))
            throw new DiverException(ErrorCodes.BootIsoMissing,
                $"The ISO {iso} is older than the net's image: it would boot an old build. Build again with -p:BootImage=iso.");
        return iso;
    }
}
