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

    /// <summary>Kernels matching the terms in one source; tag filtering is left to the caller.</summary>
    public static SourceSearchResult Search(PackageSource source, string terms, CancellationToken cancel)
    {
        if (FeedSources.IsInsecure(source))
            return new SourceSearchResult(source.Name, source.Source, [], Insecure(source));
        try
        {
            var repository = Repository.Factory.GetCoreV3(source);
            var search = repository.GetResourceAsync<PackageSearchResource>(cancel).GetAwaiter().GetResult();
            var filter = new SearchFilter(includePrerelease: true);
            // A V3 server answers one row per id; a folder feed one per version. Keep the newest, as
            // 'dotnet package search' shows it.
            var hits = search!.SearchAsync(terms, filter, 0, PageSize, NullLogger.Instance, cancel).GetAwaiter().GetResult()
                .GroupBy(m => m.Identity.Id, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.MaxBy(m => m.Identity.Version)!)
                .Select(m => new KernelSearchHit(m.Identity.Id, m.Identity.Version.ToNormalizedString(), m.Description ?? "", KernelTags.Split(m.Tags)))
                .Where(h => KernelTags.Has(h.Tags, KernelTags.Kernel))
                .OrderBy(h => h.Id, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new SourceSearchResult(source.Name, source.Source, hits, null);
        }
        catch (Exception e) when (e is FatalProtocolException or HttpRequestException or IOException)
        {
            return new SourceSearchResult(source.Name, source.Source, [], Unreachable(source, e));
        }
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
        $"{source.Name} ({source.Source}) could not be read: {e.Message.Split('\n')[0]}";
}
