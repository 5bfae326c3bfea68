using System.Net;

namespace Diver.Cli.Catalog;

/// <summary>Text into HTML: every value a feed supplies passes through here, so no package can inject markup.</summary>
internal static class Html
{
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>An attribute value (the caller writes the quotes).</summary>
    public static string Attribute(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>A fragment id from a kernel id or config name: letters, digits and dashes.</summary>
    public static string Anchor(string value) =>
        new(value.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
