using System.Text.Json.Nodes;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// GET /v3/index.json: the entry point every NuGet client reads first, naming the resources
/// this server implements by their @type (learn.microsoft.com/nuget/api/service-index).
/// </summary>
public static class ServiceIndex
{
    public const string IndexPath = "v3/index.json";
    public const string PublishPath = "api/v2/package";
    public const string FlatContainerPath = "v3/flatcontainer";
    public const string SearchPath = "v3/search";

    /// <summary>Clients look for a type they know; several versions of search share one URL on nuget.org too.</summary>
    static readonly (string Path, string[] Types)[] Resources =
    [
        (PublishPath, ["PackagePublish/2.0.0"]),
        (FlatContainerPath + "/", ["PackageBaseAddress/3.0.0"]),
        (SearchPath, ["SearchQueryService", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.0.0-rc", "SearchQueryService/3.5.0"]),
    ];

    public static FeedResponse? Serve(FeedRequest request, string baseUrl)
    {
        if (!request.IsRead || !request.PathIs(IndexPath.Split('/'))) return null;
        var resources = new JsonArray();
        foreach (var (path, types) in Resources)
            foreach (var type in types)
                resources.Add(new JsonObject { ["@id"] = baseUrl + path, ["@type"] = type });
        return FeedResponse.Json(new JsonObject { ["version"] = "3.0.0", ["resources"] = resources });
    }
}
