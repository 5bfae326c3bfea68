using System.Text.Json;

namespace Diver.Tasks;

/// <summary>One package from project.assets.json: id, version, folder and file list.</summary>
public sealed record RestoredPackage(string Id, string Version, string Root, IReadOnlySet<string> Files)
{
    public string Label => $"{Id} {Version}";
    public bool HasFile(string relative) => Files.Contains(relative);
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Reads the package's .nuspec; only used on error paths, so the cost does not matter.</summary>
    public bool DeclaresPackageType(string type)
    {
        var nuspec = Path.Combine(Root, Id.ToLowerInvariant() + ".nuspec");
        return File.Exists(nuspec) && File.ReadAllText(nuspec).Contains($"name=\"{type}\"", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Reads the packages NuGet restored for the project from its assets file.</summary>
public static class RestoredPackages
{
    public static IReadOnlyList<RestoredPackage> Read(string assetsFile)
    {
        if (!File.Exists(assetsFile))
            throw new DiverException(ErrorCodes.AssetsFileMissing,
                $"{assetsFile} does not exist, so the kernel package cannot be found. Run 'dotnet restore' (dotnet build does it unless --no-restore is given).");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = doc.RootElement;
        var folders = root.TryGetProperty("packageFolders", out var pf)
            ? pf.EnumerateObject().Select(p => p.Name).ToList()
            : [];
        var packages = new List<RestoredPackage>();
        if (!root.TryGetProperty("libraries", out var libraries)) return packages;
        foreach (var library in libraries.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
            var slash = library.Name.IndexOf('/');
            var id = library.Name[..slash];
            var version = library.Name[(slash + 1)..];
            var relPath = library.Value.TryGetProperty("path", out var p) ? p.GetString() ?? "" : $"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}";
            var files = library.Value.TryGetProperty("files", out var f)
                ? f.EnumerateArray().Select(e => e.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
                : [];
            var folder = folders.Select(d => Path.Combine(d, relPath)).FirstOrDefault(Directory.Exists)
                         ?? Path.Combine(folders.FirstOrDefault() ?? "", relPath);
            packages.Add(new RestoredPackage(id, version, folder, files));
        }
        return packages;
    }
}
