using System.Net.Http.Headers;
using System.Text;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// The first part of a multipart/form-data body, which is where NuGet clients put the .nupkg
/// when they push (RFC 7578: parts are separated by "--boundary" lines, headers end at a blank line).
/// </summary>
public static class MultipartFile
{
    public static byte[]? FirstPart(string? contentType, byte[] body)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) ||
            !string.Equals(media.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return null;
        var boundary = media.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (string.IsNullOrEmpty(boundary)) return null;

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var start = IndexOf(body, delimiter, 0);
        if (start < 0) return null;
        var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
        if (headersEnd < 0) return null;
        var contentStart = headersEnd + 4;
        var end = IndexOf(body, [.. "\r\n"u8, .. delimiter], contentStart);
        return end < 0 ? null : body[contentStart..end];
    }

    static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        from > haystack.Length ? -1 : haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? from + i : -1;
}
