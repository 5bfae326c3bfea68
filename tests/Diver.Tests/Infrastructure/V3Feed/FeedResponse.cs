using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>What one endpoint answers: a status (with a reason the client shows), and a body.</summary>
public sealed record FeedResponse(HttpStatusCode Status, string Reason, byte[] Body, string ContentType)
{
    public static FeedResponse Json(JsonNode json) =>
        new(HttpStatusCode.OK, "OK", Encoding.UTF8.GetBytes(json.ToJsonString()), "application/json");

    public static FeedResponse File(string path, string contentType) =>
        new(HttpStatusCode.OK, "OK", System.IO.File.ReadAllBytes(path), contentType);

    /// <summary>A status without a body; dotnet nuget push prints the reason, so it says what happened.</summary>
    public static FeedResponse WithStatus(HttpStatusCode status, string reason) => new(status, reason, [], "text/plain");

    public static FeedResponse NotFound => WithStatus(HttpStatusCode.NotFound, "Not Found");
}
