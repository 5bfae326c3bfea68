using Diver.Cli.Pipelines;
using Diver.Cli.Commands;
using Diver.Nets;

namespace Diver.Cli.Slurm;

/// <summary>
/// Copies what a compute node needs into the staging folder the cluster shares: this launcher
/// (once per version) and each net (its description and image, in a folder named by the image's
/// hash, so a changed net never overwrites one a queued job still needs). The job checks the
/// image against the recorded hash before it boots it (`run --verify-image`).
/// </summary>
internal static class SlurmStaging
{
    /// <summary>
    /// Copies this launcher's folder (once per version) and returns the command that starts the
    /// copy on a node, with the node's own dotnet when the launcher is framework-dependent.
    /// </summary>
    public static IReadOnlyList<string> StageLauncher(string staging)
    {
        var folder = Path.Combine(staging, "bin", $"diver-{HelpText.Version}{(LauncherSelf.FrameworkDependent ? "-any" : "")}");
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
            CopyIfChanged(file, Path.Combine(folder, Path.GetFileName(file)));
        return LauncherSelf.CommandIn(folder);
    }

    /// <summary>Copies the net to staging/nets/NAME-HASH/ and returns the staged description's path.</summary>
    public static string StageNet(string staging, string netPath)
    {
        var net = NetDescription.Load(netPath);
        var image = net.ImagePath(netPath);
        if (!File.Exists(image))
            throw new DiverException(ErrorCodes.NetMissing, $"The net's image {image} is missing. Build the project again with 'dotnet build'.");
        var hash = net.Sha256.Length >= 12 ? net.Sha256[..12] : "unhashed";
        var folder = Path.Combine(staging, "nets", $"{net.Name}-{hash}");
        Directory.CreateDirectory(folder);
        var stagedImage = Path.Combine(folder, Path.GetFileName(image));
        CopyIfChanged(image, stagedImage);
        var stagedNet = Path.Combine(folder, Path.GetFileName(netPath));
        var temporary = stagedNet + $".{Environment.ProcessId}.tmp";
        (net with { Image = Path.GetFileName(image) }).Save(temporary);
        File.Move(temporary, stagedNet, overwrite: true);
        return stagedNet;
    }

    /// <summary>Copy through a temporary name and a rename, so a node never sees half a file.</summary>
    static void CopyIfChanged(string source, string destination)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(destination);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc >= from.LastWriteTimeUtc)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + $".{Environment.ProcessId}.tmp";
        File.Copy(source, temporary, overwrite: true);
        File.Move(temporary, destination, overwrite: true);
    }
}
