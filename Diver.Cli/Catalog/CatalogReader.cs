using Diver.Cli.Feeds;
using NuGet.Configuration;

namespace Diver.Cli.Catalog;

/// <summary>
/// The kernels a catalog shows, read through the same code as search (KernelFeed.SearchAll), and
/// each kernel's newest package through the same code as info (KernelFeed.Download).
/// </summary>
internal static class CatalogReader
{
    /// <summary>What the catalog asks every feed: the tag all kernels carry, so a server narrows the list itself.</summary>
    const string Terms = Kernels.KernelTags.Kernel;

    /// <summary>
    /// Every kernel the sources list, once: the first source in order wins, as restore tries them,
    /// so a kernel mirrored in two feeds is not shown twice.
    /// </summary>
    public static IReadOnlyList<(KernelSearchHit Hit, PackageSource Source)> List(IReadOnlyList<PackageSource> sources, Action<string> warn)
    {
        var results = KernelFeed.SearchAll(sources, Terms, CancellationToken.None);
        KernelFeed.RequireOneReadable(results);
        var kernels = new List<(KernelSearchHit, PackageSource)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (source, result) in sources.Zip(results))
        {
            if (result.Problem is not null) warn(result.Problem);
            foreach (var warning in result.Warnings) warn($"{ErrorCodes.UnreadablePackage}: {warning}");
            kernels.AddRange(result.Kernels.Where(k => seen.Add(k.Id)).Select(k => (k, source)));
        }
        return kernels.OrderBy(k => k.Item1.Id, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The newest package of one kernel, or null (with a warning naming it) when it cannot be read.</summary>
    public static CatalogKernel? Read(KernelSearchHit hit, PackageSource source, Action<string> warn)
    {
        try
        {
            using var package = KernelFeed.Download([source], hit.Id, hit.LatestVersion, CancellationToken.None);
            var manifest = package.ReadManifest();
            return new CatalogKernel(hit, source.Name, manifest, package.ReadReadme(), package.Headers(manifest), package.ExportedSymbolCount(), package.IsForkable);
        }
        catch (Exception e) when (e is DiverException or InvalidDataException or IOException)
        {
            warn($"{ErrorCodes.UnreadablePackage}: {hit.Id}@{hit.LatestVersion} from {source.Name} cannot be read ({e.Message.Split('\n')[0]}); it is left out of the catalog. Repack or delete it");
            return null;
        }
    }
}
