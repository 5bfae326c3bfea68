using System.Text.Json.Nodes;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// PackageBaseAddress/3.0.0, what restore downloads through
/// (learn.microsoft.com/nuget/api/package-base-address-resource):
///   {lowerid}/index.json                          the versions of an id (404 when there are none)
///   {lowerid}/{lowerver}/{lowerid}.{lowerver}.nupkg the package
///   {lowerid}/{lowerver}/{lowerid}.nuspec         its manifest
/// </summary>
public static class FlatContainerEndpoint
{
    public static FeedResponse? Serve(FeedRequest request, PackageStore store)
    {
        var prefix = ServiceIndex.FlatContainerPath.Split('/');
        if (!request.IsRead || request.Segments.Count <= prefix.Length || !request.Segments.Take(prefix.Length).SequenceEqual(prefix, StringComparer.OrdinalIgnoreCase))
            return null;
        var rest = request.Segments.Skip(prefix.Length).Select(s => s.ToLowerInvariant()).ToList();
        var versions = store.Versions(rest[0]);
        if (versions.Count == 0) return null;
        return rest switch
        {
            [_, "index.json"] => FeedResponse.Json(new JsonObject
            {
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)v.LowerVersion).ToArray()),
            }),
            [var id, var version, var file] when versions.FirstOrDefault(v => v.LowerVersion == version) is { } package =>
                file == $"{id}.{version}.nupkg" ? FeedResponse.File(package.NupkgPath, "application/octet-stream")
                : file == $"{id}.nuspec" ? FeedResponse.File(package.NuspecPath, "application/xml")
                : null,
            _ => null,
        };
    }
}
