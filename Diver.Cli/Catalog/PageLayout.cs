using System.Text;

namespace Diver.Cli.Catalog;

/// <summary>
/// The frame every page shares: landmarks (banner, main, contentinfo), a skip link, a viewport
/// for phones, and the site's own stylesheet and script by relative path, so the pages work from
/// any folder, any web server and file:// alike, with nothing fetched from the internet.
/// Nothing here depends on the time or the machine: an unchanged feed gives byte-identical pages.
/// </summary>
internal static class PageLayout
{
    public const string StylesheetPath = "assets/catalog.css";
    public const string ScriptPath = "assets/catalog.js";

    /// <param name="root">The relative path from the page to the site's root ("" or "../").</param>
    /// <param name="head">Extra elements for the head (e.g. the page's fingerprint).</param>
    public static string Page(string title, string root, string main, string footer, string head = "")
    {
        var page = new StringBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="dotnet diver catalog">
            {head}<title>{Html.Text(title)}</title>
            <link rel="stylesheet" href="{root}{StylesheetPath}">
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="site">
            <nav aria-label="Site"><a class="brand" href="{root}index.html">Diver kernel catalog</a></nav>
            </header>
            <main id="main" tabindex="-1">

            """);
        page.Append(main);
        page.Append($"""
            </main>
            <footer class="site">
            {footer}
            </footer>
            <script src="{root}{ScriptPath}"></script>
            </body>
            </html>

            """);
        return page.ToString();
    }
}
