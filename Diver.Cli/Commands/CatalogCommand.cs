#if DIVER_FEEDS
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Diver.Cli.Catalog;
using Diver.Cli.Feeds;
#endif

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver catalog -o &lt;dir&gt; [--source S]...`: the kernels of the feeds as a static site
/// (index.html, kernels/&lt;id&gt;.html, assets/): no server code, publishable as it is. Run again,
/// it rewrites only what changed: a kernel page whose feed entry is unchanged keeps its file
/// (NuGet never changes a published id@version, so the entry decides the page).
/// </summary>
internal static partial class CatalogCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var parsed = CommandArguments.Parse("catalog", args, ["--output", "--source"], new Dictionary<string, string> { ["-o"] = "--output" });
        if (parsed.ShowHelp)
        {
            WriteHelp(Console.Out);
            return 0;
        }
#if DIVER_FEEDS
        if (parsed.Positional.Count > 0)
            throw new DiverException(ErrorCodes.BadCommandLine, $"'catalog' takes no argument ('{parsed.Positional[0]}'). Run 'dotnet diver catalog --help'.");
        var output = parsed.One("--output")
            ?? throw new DiverException(ErrorCodes.BadCommandLine, "'catalog' needs -o <dir>, the folder the site is written to.");
        var sources = FeedSources.ResolveAll(parsed.All("--source"), Directory.GetCurrentDirectory());
        // MSBuild's form: "warning DIVER4201: ..." for coded warnings, "warning: ..." for a feed's own problem.
        static void Warn(string text) =>
            Console.Error.WriteLine(text.StartsWith("DIVER", StringComparison.Ordinal) ? $"warning {text}." : $"warning: {text}.");

        var listed = CatalogReader.List(sources, Warn);
        var site = new SiteFolder(output);
        var footer = Footer(sources);
        SiteAssets.WriteTo(site);
        var shown = new List<KernelSearchHit>();
        foreach (var (hit, source) in listed)
        {
            var page = $"kernels/{CatalogKernel.PageNameOf(hit.Id)}";
            var fingerprint = Fingerprint(hit, source.Name, footer);
            if (site.ReadText(page) is { } existing && FingerprintIn(existing) == fingerprint)
            {
                site.Keep(page);
                shown.Add(hit);
                continue;
            }
            if (CatalogReader.Read(hit, source, Warn) is not { } kernel) continue;
            site.Write(page, KernelPage.Render(kernel, footer, $"<meta name=\"{FingerprintMeta}\" content=\"{fingerprint}\">\n"));
            shown.Add(hit);
        }
        site.Write("index.html", IndexPage.Render(shown, footer));
        site.RemoveStale("kernels", "*.html");
        Console.Out.WriteLine($"Catalog of {shown.Count} kernel(s) from {sources.Count} source(s) in {site.Root}: " +
                              $"{site.Written} file(s) written, {site.Unchanged} unchanged, {site.Removed} removed.");
        return 0;
#else
        return FeedCommands.Unavailable("catalog");
#endif
    }

#if DIVER_FEEDS
    const string FingerprintMeta = "diver-catalog-fingerprint";

    /// <summary>What a kernel page is made from, hashed: its feed entry, the footer and the tool's version (a newer tool may render differently).</summary>
    static string Fingerprint(KernelSearchHit hit, string sourceName, string footer)
    {
        var text = string.Join('\n', [HelpText.Version, sourceName, footer, hit.Id, hit.LatestVersion, hit.Description, string.Join(' ', hit.Tags),
            hit.Downloads?.ToString() ?? "", .. hit.Versions.Select(v => $"{v.Version}:{v.Downloads}")]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    static string? FingerprintIn(string page) => FingerprintPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<meta name=\"" + FingerprintMeta + "\" content=\"([0-9a-f]+)\">")]
    private static partial Regex FingerprintPattern();

    static string Footer(IReadOnlyList<NuGet.Configuration.PackageSource> sources) =>
        $"<p>Made by <code>dotnet diver catalog</code> from {Catalog.Html.Text(string.Join(", ", sources.Select(s => s.Name)))}. " +
        "The kernels are NuGet packages: restore fetches them from those feeds.</p>";
#endif

    static void WriteHelp(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver catalog -o <DIR> [--source <SOURCE>]...");
        w.WriteLine();
        w.WriteLine("Writes a static site that lists every kernel package of the feeds: an index with search and filters,");
        w.WriteLine("and a page per kernel (README, versions, configs, deploy modes, headers, the lines that use it).");
        w.WriteLine("Publish the folder as it is (GitHub Pages, any web server) or open index.html from disk.");
        w.WriteLine("Run again to refresh it: only the files whose content changed are rewritten.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  -o, --output <DIR>     The site's folder (created when missing).");
        w.WriteLine("  --source <SOURCE>      A source name from nuget.config, a folder feed or a V3 index URL (repeatable;");
        w.WriteLine("                         default: every source nuget.config lists).");
    }
}
