using Diver.Kernels;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace Diver.Cli.Feeds;

/// <summary>
/// Kernel packages in NuGet feeds, through NuGet.Protocol: the same client code dotnet restore
/// uses, so folder feeds, V3 servers and nuget.config credentials behave as users expect.
/// </summary>
internal static class KernelFeed
{
    const int PageSize = 100;
    const int MaxResults = 1000;

    /// <summary>
    /// Kernels matching the terms in every source, the one reading search and catalog share. A
    /// source that fails is reported in its result, not thrown, so one dead feed hides no other.
    /// </summary>
    public static IReadOnlyList<SourceSearchResult> SearchAll(IReadOnlyList<PackageSource> sources, string terms, CancellationToken cancel) =>
        sources.Select(s => Search(s, terms, cancel)).ToList();

    /// <summary>
    /// When not one source could be read, the empty answer would be a lie ("no kernels"): that is
    /// an error. Some sources failing is a warning the caller shows beside what the others found.
    /// </summary>
    public static void RequireOneReadable(IReadOnlyList<SourceSearchResult> results)
    {
        if (results.Count > 0 && results.All(r => r.Problem is not null))
            throw new DiverException(ErrorCodes.NoFeedReachable,
                $"No feed could be read: {string.Join("; ", results.Select(r => r.Problem))}. " +
                "Check the network and the sources in nuget.config ('dotnet nuget list source'), or name a reachable feed with --source.");
    }

    /// <summary>Kernels matching the terms in one source; tag filtering is left to the caller.</summary>
    public static SourceSearchResult Search(PackageSource source, string terms, CancellationToken cancel)
    {
        if (FeedSources.IsInsecure(source))
            return new SourceSearchResult(source.Name, source.Source, [], Insecure(source), []);
        try
        {
            if (source.IsLocal)
                return Directory.Exists(source.Source)
                    ? FolderFeed.Search(source.Name, source.Source, terms)
                    : new SourceSearchResult(source.Name, source.Source, [], $"{source.Name} ({source.Source}) could not be read: the folder does not exist", []);
            var repository = Repository.Factory.GetCoreV3(source);
            var search = repository.GetResourceAsync<PackageSearchResource>(cancel).GetAwaiter().GetResult();
            var filter = new SearchFilter(includePrerelease: true);
            // A V3 server answers one row per id with its versions; keep the newest row should one repeat.
            var hits = Pages(search!, terms, filter, cancel)
                .GroupBy(m => m.Identity.Id, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.MaxBy(m => m.Identity.Version)!)
                .Select(Hit)
                .Where(h => KernelTags.Has(h.Tags, KernelTags.Kernel))
                .OrderBy(h => h.Id, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new SourceSearchResult(source.Name, source.Source, hits, null, []);
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return new SourceSearchResult(source.Name, source.Source, [], Unreachable(source, e), []);
        }
    }

    /// <summary>Every page of a server's answer, up to MaxResults, so a catalog of a large feed is not cut at the first page.</summary>
    static IEnumerable<IPackageSearchMetadata> Pages(PackageSearchResource search, string terms, SearchFilter filter, CancellationToken cancel)
    {
        for (var skip = 0; skip < MaxResults; skip += PageSize)
        {
            var page = search.SearchAsync(terms, filter, skip, PageSize, NullLogger.Instance, cancel).GetAwaiter().GetResult().ToList();
            foreach (var m in page) yield return m;
            if (page.Count < PageSize) yield break;
        }
    }

    static KernelSearchHit Hit(IPackageSearchMetadata m)
    {
        var versions = (m.GetVersionsAsync().GetAwaiter().GetResult() ?? [])
            .OrderByDescending(v => v.Version)
            .Select(v => new KernelVersion(v.Version.ToNormalizedString(), v.DownloadCount))
            .ToList();
        if (versions.Count == 0) versions.Add(new KernelVersion(m.Identity.Version.ToNormalizedString(), null));
        return new KernelSearchHit(m.Identity.Id, m.Identity.Version.ToNormalizedString(), m.Description ?? "", KernelTags.Split(m.Tags), versions, m.DownloadCount);
    }

    /// <summary>The package a command's one positional argument (id or id@version) names, from --source or every configured feed.</summary>
    public static DownloadedPackage Fetch(string command, Commands.CommandArguments parsed)
    {
        var (id, version) = Commands.CommandArguments.PackageReference(command, parsed.Positional);
        var sources = FeedSources.Resolve(parsed.One("--source"), Directory.GetCurrentDirectory());
        return Download(sources, id, version, CancellationToken.None);
    }

    /// <summary>
    /// Downloads id@version (the newest when version is null) from the first source that has it.
    /// A source that fails is skipped while others remain, because one dead company feed should
    /// not hide a kernel that nuget.org serves.
    /// </summary>
    public static DownloadedPackage Download(IReadOnlyList<PackageSource> sources, string id, string? version, CancellationToken cancel)
    {
        var problems = new List<string>();
        string? damagedIn = null;
        using var cache = new SourceCacheContext { NoCache = true };
        foreach (var source in sources)
        {
            if (FeedSources.IsInsecure(source))
            {
                problems.Add(Insecure(source));
                continue;
            }
            try
            {
                var finder = Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>(cancel).GetAwaiter().GetResult();
                var versions = finder!.GetAllVersionsAsync(id, cache, NullLogger.Instance, cancel).GetAwaiter().GetResult().ToList();
                var chosen = version is null ? versions.Max() : versions.FirstOrDefault(v => v == NuGetVersion.Parse(version));
                if (chosen is null) continue;
                var stream = new MemoryStream();
                if (!finder.CopyNupkgToStreamAsync(id, chosen, stream, cache, NullLogger.Instance, cancel).GetAwaiter().GetResult())
                    continue;
                stream.Position = 0;
                return new DownloadedPackage(id, chosen.ToNormalizedString(), source.Name, stream);
            }
            catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException)
            {
                problems.Add(Unreachable(source, e));
            }
            catch (InvalidDataException)
            {
                // NuGet reads a folder feed's .nupkg files as zips; a truncated one throws here. Another source may still have it.
                damagedIn ??= source.Name;
            }
        }
        var label = version is null ? id : $"{id}@{version}";
        if (damagedIn is not null)
            throw new DiverException(ErrorCodes.PackageDamaged,
                $"{label} in {damagedIn} is not a readable package: a .nupkg there is damaged or truncated. " +
                "Download or publish it again, or pick another version or source.");
        var searched = string.Join(", ", sources.Select(s => s.Name));
        throw new DiverException(ErrorCodes.PackageNotInAnyFeed,
            $"{label} is in none of the feeds searched ({searched}){(problems.Count > 0 ? "; " + string.Join("; ", problems) : "")}. " +
            "Check the id and version ('dotnet diver search' lists kernels), or name the feed with --source.");
    }

    static string Insecure(PackageSource source) =>
        $"{source.Name} ({source.Source}) was skipped: it uses plain HTTP, which NuGet refuses (NU1302) unless nuget.config allows it";

    static string Unreachable(PackageSource source, Exception e) =>
        $"{source.Name} ({source.Source}) could not be read: {e.Message.Split('\n')[0].TrimEnd('.')}";
}
