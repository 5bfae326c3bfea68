using Diver.Kernels;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Diver.Cli.Feeds;

/// <summary>
/// Kernels in a folder feed, read one package at a time. NuGet's own folder search stops at the
/// first unreadable .nupkg and so hides every good package beside it; here a broken package is
/// left out with a warning that names its file, and the rest is listed.
/// </summary>
internal static class FolderFeed
{
    public static SourceSearchResult Search(string name, string root, string terms)
    {
        var words = terms.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var warnings = new List<string>();
        var packages = new List<(string Id, NuGetVersion Version, string Description, IReadOnlyList<string> Tags)>();
        foreach (var file in PackageFiles(root))
        {
            try
            {
                using var reader = new PackageArchiveReader(file);
                var nuspec = reader.NuspecReader;
                packages.Add((nuspec.GetId(), nuspec.GetVersion(), nuspec.GetDescription() ?? "", KernelTags.Split(nuspec.GetTags())));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or PackagingException or System.Xml.XmlException or ArgumentException)
            {
                warnings.Add(Broken(file, e));
            }
        }
        var hits = packages
            .GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(p => p.Version).ToList())
            .Select(versions => (Latest: versions[0], Versions: versions))
            // As NuGet's folder search: a package matches when any term occurs in its id, description or tags.
            .Where(k => words.Length == 0 || words.Any(w => Matches(k.Latest, w)))
            .Select(k => new KernelSearchHit(k.Latest.Id, k.Latest.Version.ToNormalizedString(), k.Latest.Description, k.Latest.Tags,
                k.Versions.Select(v => new KernelVersion(v.Version.ToNormalizedString(), null)).ToList(), null))
            .Where(h => KernelTags.Has(h.Tags, KernelTags.Kernel))
            .OrderBy(h => h.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new SourceSearchResult(name, root, hits, null, warnings);
    }

    /// <summary>The message that names a package file no reader could open, for search and catalog alike.</summary>
    public static string Broken(string file, Exception e) =>
        $"{file} is not a readable package ({e.Message.Split('\n')[0]}); it is left out. Repack or delete it";

    static bool Matches((string Id, NuGetVersion Version, string Description, IReadOnlyList<string> Tags) p, string word) =>
        p.Id.Contains(word, StringComparison.OrdinalIgnoreCase) ||
        p.Description.Contains(word, StringComparison.OrdinalIgnoreCase) ||
        p.Tags.Any(t => t.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>Both folder layouts NuGet reads: flat (id.version.nupkg) and hierarchical (id/version/id.version.nupkg).</summary>
    static IEnumerable<string> PackageFiles(string root) =>
        Directory.EnumerateFiles(root, "*.nupkg", SearchOption.TopDirectoryOnly)
            .Concat(Directory.EnumerateDirectories(root).SelectMany(id => Directory.EnumerateDirectories(id))
                .SelectMany(version => Directory.EnumerateFiles(version, "*.nupkg", SearchOption.TopDirectoryOnly)))
            // Symbol packages sit beside the packages they belong to and are not feeds' packages.
            .Where(f => !f.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
}
