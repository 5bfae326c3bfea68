namespace Diver.Cli.Catalog;

/// <summary>
/// The stylesheet and script every page links, carried inside the tool (Catalog/Assets, embedded
/// resources) and written beside the pages: the site fetches nothing from the internet.
/// </summary>
internal static class SiteAssets
{
    public static void WriteTo(SiteFolder site)
    {
        site.Write(PageLayout.StylesheetPath, Read("catalog.css"));
        site.Write(PageLayout.ScriptPath, Read("catalog.js"));
    }

    static string Read(string name)
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream("Diver.Cli.Catalog.Assets." + name)
            ?? throw new InvalidOperationException($"The tool lacks its embedded {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
