using System.IO.Compression;
using Diver.Manifest;

namespace Diver.Cli.Feeds;

/// <summary>
/// A .nupkg fetched from a feed, held in memory: kernels are small and nothing is cached. A
/// damaged or truncated package (not a readable zip) is DIVER4008, whenever it shows.
/// </summary>
internal sealed class DownloadedPackage : IDisposable
{
    readonly ZipArchive _zip;

    public DownloadedPackage(string id, string version, string sourceName, MemoryStream content)
    {
        Id = id;
        Version = version;
        SourceName = sourceName;
        _zip = Readable(() => new ZipArchive(content, ZipArchiveMode.Read));
    }

    public string Id { get; }
    public string Version { get; }
    public string SourceName { get; }
    public string Label => $"{Id}@{Version}";
    public IEnumerable<string> Entries => _zip.Entries.Select(e => e.FullName).Where(n => !n.EndsWith('/'));

    /// <summary>The manifest, or DIVER4002 when the package is not a kernel at all.</summary>
    public KernelManifest ReadManifest()
    {
        var entry = _zip.GetEntry(KernelManifest.RelativePath)
            ?? throw new DiverException(ErrorCodes.NotAKernelPackage,
                $"{Label} (from {SourceName}) is not a Diver kernel: it has no {KernelManifest.RelativePath}. " +
                "Pick a kernel package ('dotnet diver search' lists only kernels).");
        return Readable(() =>
        {
            using var stream = entry.Open();
            return ManifestReader.Read(stream, Label, KernelManifest.RelativePath);
        });
    }

    /// <summary>The README the nuspec names (a kernel package must ship one), else README.md at the root.</summary>
    public string? ReadReadme()
    {
        var nuspec = _zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        string? named = null;
        if (nuspec is not null)
        {
            using var stream = nuspec.Open();
            named = new NuGet.Packaging.NuspecReader(stream).GetReadme();
        }
        return ReadText(string.IsNullOrEmpty(named) ? "README.md" : named.Replace('\\', '/'));
    }

    /// <summary>The headers below the manifest's include folders, as an app includes them ("nautilus/nautilus.h").</summary>
    public IReadOnlyList<string> Headers(KernelManifest manifest) =>
        Entries
            .Where(e => manifest.Compile.IncludeDirs.Any(d => e.StartsWith(d.TrimEnd('/') + "/", StringComparison.Ordinal)) && e.EndsWith(".h", StringComparison.Ordinal))
            .Select(e => e[(e.IndexOf('/') + 1)..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>How many symbols diver/symbols.txt lists, or null when the package has no such list.</summary>
    public int? ExportedSymbolCount() =>
        ReadText("diver/symbols.txt") is { } symbols ? symbols.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : null;

    /// <summary>Whether the package carries its kernel project under src/, which fork needs.</summary>
    public bool IsForkable =>
        Entries.Any(e => e.StartsWith("src/", StringComparison.Ordinal) && e.EndsWith(".diverproj", StringComparison.Ordinal));

    public string? ReadText(string entryName)
    {
        var entry = _zip.GetEntry(entryName);
        if (entry is null) return null;
        return Readable(() =>
        {
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        });
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
            Readable(() => { entry.ExtractToFile(target, overwrite: true); return 0; });
            count++;
        }
        return count;
    }

    /// <summary>Runs a zip read; a broken archive (bad directory, bad entry data) becomes DIVER4008.</summary>
    T Readable<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException)
        {
            throw new DiverException(ErrorCodes.PackageDamaged,
                $"{Label} (from {SourceName}) is not a readable package: the .nupkg is damaged or truncated. " +
                "Download or publish it again, or pick another version or source.");
        }
    }

    public void Dispose() => _zip.Dispose();
}
