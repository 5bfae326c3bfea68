using System.Text;
using Diver.Cli.Feeds;
using Diver.Kernels;

namespace Diver.Cli.Catalog;

/// <summary>
/// index.html: every kernel at its newest version, with a search box and tag, mode and arch
/// filters that work in the page (catalog.js hides the rows that do not match: no round trip,
/// and file:// works). Each row carries what the filters compare in data- attributes.
/// </summary>
internal static class IndexPage
{
    static readonly string[] Arches = ["x86_64", "aarch64", "riscv64"];

    public static string Render(IReadOnlyList<KernelSearchHit> kernels, string footer)
    {
        var main = new StringBuilder();
        main.Append($"""
            <h1>Kernels</h1>
            <p class="lead">{kernels.Count} {(kernels.Count == 1 ? "kernel" : "kernels")} packaged for Diver. Pick one, read what it is for, and copy the line that uses it.</p>
            <form class="filters" role="search" aria-label="Filter kernels" data-filters>
            <div class="field"><label for="q">Search</label><input id="q" name="q" type="search" autocomplete="off" placeholder="id, description or tag"></div>
            {Select("tag", "Tag", "Any tag", FilterTags(kernels))}
            {Select("mode", "Deploy mode", "Any mode", kernels.SelectMany(k => k.Modes))}
            {Select("arch", "Architecture", "Any architecture", kernels.Select(k => k.Arch).Where(a => a.Length > 0))}
            </form>
            <p id="count" class="count" role="status" aria-live="polite">{kernels.Count} of {kernels.Count} kernels shown.</p>
            <ul class="kernels" aria-label="Kernels">

            """);
        foreach (var k in kernels) main.Append(Row(k));
        main.Append("""
            </ul>
            <p id="none" class="none" hidden>No kernel matches. Clear the search or choose another filter.</p>

            """);
        return PageLayout.Page("Diver kernel catalog", "", main.ToString(), footer);
    }

    /// <summary>The tags a person filters by: not the ones every kernel has, nor modes and arches (they have their own filter).</summary>
    static IEnumerable<string> FilterTags(IEnumerable<KernelSearchHit> kernels) =>
        kernels.SelectMany(k => k.Tags)
            .Where(t => !string.Equals(t, KernelTags.Kernel, StringComparison.OrdinalIgnoreCase) && KernelTags.Modes([t]).Count == 0 && !Arches.Contains(t));

    static string Select(string id, string label, string any, IEnumerable<string> values)
    {
        var options = values.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)
            .Select(v => $"<option value=\"{Html.Attribute(v)}\">{Html.Text(v)}</option>");
        return $"<div class=\"field\"><label for=\"{id}\">{label}</label><select id=\"{id}\" name=\"{id}\"><option value=\"\">{any}</option>{string.Concat(options)}</select></div>";
    }

    static string Row(KernelSearchHit k)
    {
        var anchor = "k-" + Html.Anchor(k.Id);
        var searchText = string.Join(' ', [k.Id, k.Description, .. k.Tags]).ToLowerInvariant();
        var downloads = k.Downloads is { } d ? $"<dt>Downloads</dt><dd>{d:N0}</dd>" : "";
        var tags = string.Concat(k.Tags.Select(t => $"<li>{Html.Text(t)}</li>"));
        return $"""
            <li class="kernel" data-search="{Html.Attribute(searchText)}" data-tags="{Html.Attribute(Spaced(k.Tags))}" data-modes="{Html.Attribute(Spaced(k.Modes))}" data-arch="{Html.Attribute(k.Arch)}">
            <article aria-labelledby="{anchor}">
            <h2 id="{anchor}"><a href="kernels/{CatalogKernel.PageNameOf(k.Id)}">{Html.Text(k.Id)}</a> <span class="version">{Html.Text(k.LatestVersion)}</span></h2>
            <p>{Html.Text(k.Description)}</p>
            <dl class="facts"><dt>Architecture</dt><dd>{Html.Text(k.Arch.Length > 0 ? k.Arch : "not tagged")}</dd><dt>Deploy modes</dt><dd>{Html.Text(k.Modes.Count > 0 ? string.Join(", ", k.Modes) : "not tagged")}</dd>{downloads}</dl>
            <ul class="tags" aria-label="Tags of {Html.Attribute(k.Id)}">{tags}</ul>
            </article>
            </li>

            """;
    }

    /// <summary>" a b c ": the script matches a whole word with " x " inside it, case-insensitively.</summary>
    static string Spaced(IEnumerable<string> words) => " " + string.Join(' ', words).ToLowerInvariant() + " ";
}
