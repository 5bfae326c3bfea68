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
}
