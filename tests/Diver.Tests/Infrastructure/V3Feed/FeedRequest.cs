using System.Collections.Specialized;
using System.Net;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>A request as the endpoints need it: method, path segments, query, headers, body.</summary>
public sealed class FeedRequest(HttpListenerRequest request)
{
    public string Method { get; } = request.HttpMethod;
    public IReadOnlyList<string> Segments { get; } = request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
    public NameValueCollection Query { get; } = request.QueryString;
    public NameValueCollection Headers { get; } = request.Headers;
    public string? ContentType { get; } = request.ContentType;

    readonly HttpListenerRequest _request = request;

    public byte[] ReadBody()
    {
        using var buffer = new MemoryStream();
        _request.InputStream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public bool IsRead => Method is "GET" or "HEAD";

    /// <summary>True when the path is exactly these segments (case-insensitive, as NuGet ids are).</summary>
    public bool PathIs(params string[] segments) =>
        Segments.Count == segments.Length && Segments.Zip(segments).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
}
