using Diver.Cli.Pipelines;
using Diver.Cli.Commands;
using Diver.Cli.Run;
using Diver.Nets;
using Diver.Pipelines;

namespace Diver.Cli.Slurm;

/// <summary>
/// Copies what a compute node needs into the staging folder the cluster shares: this launcher
/// (once per version) and each net (its description and image, in a folder named by the image's
/// hash, so a changed net never overwrites one a queued job still needs). The job checks the
/// image against the hash taken here before it boots it (`run --verify-image`).
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
        // The recorded hash is the built image's, and the staged copy is compared by content, not size
        // and time: a copy damaged after an earlier run is replaced, as DIVER3901 promises ("run again
        // to stage it anew").
        var builtImageHash = NetImage.XxHash128(image);
        var stagedImage = Path.Combine(folder, Path.GetFileName(image));
        if (!File.Exists(stagedImage) || NetImage.XxHash128(stagedImage) != builtImageHash)
            CopyAtomically(image, stagedImage);
        var stagedNet = Path.Combine(folder, Path.GetFileName(netPath));
        var temporary = stagedNet + $".{Environment.ProcessId}.tmp";
        (net with { Image = Path.GetFileName(image), StagedImageXxHash128 = builtImageHash }).Save(temporary);
        File.Move(temporary, stagedNet, overwrite: true);
        return stagedNet;
    }

    /// <summary>
    /// Writes a pipeline (stages whose nets are already staged) to staging/pipelines/NAME-HASH.pipeline.json,
    /// named by its content so a queued job never sees it replaced, and returns its path.
    /// </summary>
    public static string StagePipeline(string staging, PipelineDescription pipeline)
    {
        var folder = Path.Combine(staging, "pipelines");
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{pipeline.Name}.{Environment.ProcessId}.tmp");
        pipeline.Save(temporary);
        var staged = Path.Combine(folder, $"{pipeline.Name}-{NetImage.XxHash128(temporary)[..12]}{PipelineDescription.FileSuffix}");
        File.Move(temporary, staged, overwrite: true);
        return staged;
    }

    /// <summary>Copies when size or time differ (the launcher's own files, which nothing checks by hash).</summary>
    static void CopyIfChanged(string source, string destination)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(destination);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc >= from.LastWriteTimeUtc)
            return;
        CopyAtomically(source, destination);
    }

    /// <summary>Copy through a temporary name and a rename, so a node never sees half a file.</summary>
    static void CopyAtomically(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + $".{Environment.ProcessId}.tmp";
        File.Copy(source, temporary, overwrite: true);
        File.Move(temporary, destination, overwrite: true);
    }
}
