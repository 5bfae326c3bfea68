using System.IO.Compression;
using System.Net;
using NuGet.Packaging.Core;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// PUT /api/v2/package (PackagePublish/2.0.0): the .nupkg in a multipart/form-data body, the key
/// in X-NuGet-ApiKey. 201 when stored, 403 for a wrong key, 400 for a body that is no package,
/// 409 when that id and version is already there (learn.microsoft.com/nuget/api/package-publish-resource).
/// </summary>
public static class PublishEndpoint
{
    public static FeedResponse? Serve(FeedRequest request, PackageStore store, string apiKey)
    {
        if (request.Method != "PUT" || !request.PathIs(ServiceIndex.PublishPath.Split('/'))) return null;
        if (request.Headers["X-NuGet-ApiKey"] != apiKey)
            return FeedResponse.WithStatus(HttpStatusCode.Forbidden, "The API key is invalid for this feed");
        var nupkg = MultipartFile.FirstPart(request.ContentType, request.ReadBody());
        if (nupkg is null)
            return FeedResponse.WithStatus(HttpStatusCode.BadRequest, "Expected a multipart/form-data body holding the package");
        try
        {
            return store.TryAdd(nupkg, out var package)
                ? FeedResponse.WithStatus(HttpStatusCode.Created, "Created")
                : FeedResponse.WithStatus(HttpStatusCode.Conflict,
                    $"A package with ID '{package.Id}' and version '{package.Version.ToNormalizedString()}' already exists and cannot be modified");
        }
        catch (Exception e) when (e is InvalidDataException or PackagingException)
        {
            return FeedResponse.WithStatus(HttpStatusCode.BadRequest, "The package could not be read");
        }
    }
}
