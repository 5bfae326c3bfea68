using System.Text.Json.Nodes;
using NuGet.Versioning;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// GET /v3/search?q=&amp;skip=&amp;take=&amp;prerelease=&amp;semVerLevel=&amp;packageType= (SearchQueryService,
/// learn.microsoft.com/nuget/api/search-query-service-resource). Every word of q must occur in the
/// id, the description or a tag (case-insensitive); prerelease and SemVer 2.0.0 versions are hidden
/// unless asked for, as the protocol says; one result per id, named by its latest visible version.
/// </summary>
public static class SearchEndpoint
{
    public static FeedResponse? Serve(FeedRequest request, PackageStore store, string baseUrl)
    {
        if (!request.IsRead || !request.PathIs(ServiceIndex.SearchPath.Split('/'))) return null;
        var terms = (request.Query["q"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var prerelease = bool.TryParse(request.Query["prerelease"], out var p) && p;
        var semVer2 = NuGetVersion.TryParse(request.Query["semVerLevel"], out var level) && level.Major >= 2;
        var packageType = request.Query["packageType"];
        var skip = int.TryParse(request.Query["skip"], out var s) ? Math.Max(s, 0) : 0;
        var take = int.TryParse(request.Query["take"], out var t) ? Math.Clamp(t, 0, 1000) : 20;

        var hits = store.All()
            .GroupBy(pkg => pkg.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Where(v => (prerelease || !v.Version.IsPrerelease) && (semVer2 || !v.Version.IsSemVer2)).OrderBy(v => v.Version).ToList())
            .Where(versions => versions.Count > 0)
            .Where(versions => Matches(versions[^1], terms, packageType))
            .ToList();

        var data = new JsonArray();
        foreach (var versions in hits.Skip(skip).Take(take))
            data.Add(Result(versions, baseUrl));
        return FeedResponse.Json(new JsonObject { ["totalHits"] = hits.Count, ["data"] = data });
    }

    static bool Matches(StoredPackage latest, string[] terms, string? packageType) =>
        (string.IsNullOrEmpty(packageType) || latest.PackageTypes.Contains(packageType, StringComparer.OrdinalIgnoreCase)) &&
        terms.All(term =>
            latest.Id.Contains(term, StringComparison.OrdinalIgnoreCase) ||
            latest.Description.Contains(term, StringComparison.OrdinalIgnoreCase) ||
            latest.Tags.Any(tag => tag.Contains(term, StringComparison.OrdinalIgnoreCase)));

    static JsonObject Result(IReadOnlyList<StoredPackage> versions, string baseUrl)
    {
        var latest = versions[^1];
        return new JsonObject
        {
            ["@type"] = "Package",
            ["id"] = latest.Id,
            ["version"] = latest.Version.ToNormalizedString(),
            ["description"] = latest.Description,
            ["tags"] = new JsonArray(latest.Tags.Select(tag => (JsonNode)tag).ToArray()),
            ["authors"] = new JsonArray(),
            ["totalDownloads"] = 0,
            ["verified"] = false,
            ["packageTypes"] = new JsonArray(latest.PackageTypes.Select(type => (JsonNode)new JsonObject { ["name"] = type }).ToArray()),
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v.Version.ToNormalizedString(),
                ["downloads"] = 0,
                // The flat container's nupkg is the one document this server has per version.
                ["@id"] = $"{baseUrl}{ServiceIndex.FlatContainerPath}/{v.LowerId}/{v.LowerVersion}/{v.LowerId}.{v.LowerVersion}.nupkg",
            }).ToArray()),
        };
    }
}
