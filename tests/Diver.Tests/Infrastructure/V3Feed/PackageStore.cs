using NuGet.Packaging;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// The packages pushed to the test server, kept as files in a temporary folder laid out like a
/// flat container ({lowerid}/{lowerversion}/...). The nuspec is read with NuGet.Packaging, as a
/// real server would, so a package the client could not have made is refused the same way.
/// </summary>
public sealed class PackageStore(string folder)
{
    readonly object _gate = new();
    readonly List<StoredPackage> _packages = [];

    public string Folder { get; } = folder;

    /// <summary>Adds a pushed package; false when that id and version is already there (packages are immutable).</summary>
    public bool TryAdd(byte[] nupkg, out StoredPackage package)
    {
        using var reader = new PackageArchiveReader(new MemoryStream(nupkg));
        var nuspec = reader.NuspecReader;
        var identity = nuspec.GetIdentity();
        var lowerId = identity.Id.ToLowerInvariant();
        var lowerVersion = identity.Version.ToNormalizedString().ToLowerInvariant();
        var dir = Path.Combine(Folder, lowerId, lowerVersion);
        package = new StoredPackage(
            identity.Id,
            identity.Version,
            nuspec.GetDescription() ?? "",
            (nuspec.GetTags() ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries),
            nuspec.GetPackageTypes().Select(t => t.Name).ToList(),
            Path.Combine(dir, $"{lowerId}.{lowerVersion}.nupkg"),
            Path.Combine(dir, $"{lowerId}.nuspec"));
        lock (_gate)
        {
            var id = package.Id;
            var version = package.Version;
            if (_packages.Any(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase) && p.Version == version))
                return false;
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(package.NupkgPath, nupkg);
            using (var nuspecStream = reader.GetNuspec())
            using (var file = File.Create(package.NuspecPath))
                nuspecStream.CopyTo(file);
            _packages.Add(package);
            return true;
        }
    }

    /// <summary>Every version of one id, oldest first.</summary>
    public IReadOnlyList<StoredPackage> Versions(string id)
    {
        lock (_gate)
            return _packages.Where(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Version).ToList();
    }

    public IReadOnlyList<StoredPackage> All()
    {
        lock (_gate)
            return _packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Version).ToList();
    }
}
