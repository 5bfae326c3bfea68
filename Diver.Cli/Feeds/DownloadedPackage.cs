using System.IO.Compression;
using Diver.Manifest;

namespace Diver.Cli.Feeds;

/// <summary>A .nupkg fetched from a feed, held in memory: kernels are small and nothing is cached.</summary>
internal sealed class DownloadedPackage(string id, string version, string sourceName, MemoryStream content) : IDisposable
{
    readonly ZipArchive _zip = new(content, ZipArchiveMode.Read);

    public string Id { get; } = id;
    public string Version { get; } = version;
    public string SourceName { get; } = sourceName;
    public string Label => $"{Id}@{Version}";
    public IEnumerable<string> Entries => _zip.Entries.Select(e => e.FullName).Where(n => !n.EndsWith('/'));

    /// <summary>The manifest, or DIVER4002 when the package is not a kernel at all.</summary>
    public KernelManifest ReadManifest()
    {
        var entry = _zip.GetEntry(KernelManifest.RelativePath)
            ?? throw new DiverException(ErrorCodes.NotAKernelPackage,
                $"{Label} (from {SourceName}) is not a Diver kernel: it has no {KernelManifest.RelativePath}. " +
                "Pick a kernel package ('dotnet diver search' lists only kernels).");
        using var stream = entry.Open();
        return ManifestReader.Read(stream, Label, KernelManifest.RelativePath);
    }

    public string? ReadText(string entryName)
    {
        var entry = _zip.GetEntry(entryName);
        if (entry is null) return null;
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Writes every entry under <paramref name="prefix"/> below <paramref name="directory"/>, without the prefix.</summary>
    public int ExtractFolder(string prefix, string directory)
    {
        var count = 0;
        var root = Path.GetFullPath(directory);
        foreach (var entry in _zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && !e.FullName.EndsWith('/')))
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName[prefix.Length..]));
            // A crafted entry name ("../x") must not write outside the fork's folder.
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
            count++;
        }
        return count;
    }

    public void Dispose() => _zip.Dispose();
}
