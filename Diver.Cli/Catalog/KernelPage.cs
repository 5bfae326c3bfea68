using System.Text;
using Markdig;
using Markdig.Syntax;
using Diver.Cli.Feeds;

namespace Diver.Cli.Catalog;

/// <summary>
/// kernels/&lt;id&gt;.html: one kernel in full. Its README (Markdown rendered by Markdig, raw HTML
/// in it shown as text), versions, configs, deploy modes, boot protocols, headers, exported-symbol
/// count and entry contract, and the three lines that use it, each with a copy button.
/// </summary>
internal static class KernelPage
{
    /// <summary>The app template every kernel can start from; its Kernel and KernelVersion parameters pick the kernel.</summary>
    public const string AppTemplate = "diver-nautilus";

    static readonly MarkdownPipeline Readme = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static string PackageReference(CatalogKernel k) => $"<PackageReference Include=\"{k.Hit.Id}\" Version=\"{k.Hit.LatestVersion}\" />";

    public static string NewApp(CatalogKernel k) => $"dotnet new {AppTemplate} -o MyApp --Kernel {k.Hit.Id} --KernelVersion {k.Hit.LatestVersion}";

    public static string Fork(CatalogKernel k) => $"dotnet diver fork {k.Hit.Id}@{k.Hit.LatestVersion} -o My{k.Hit.Id.Split('.')[^1]}";

    /// <param name="head">Extra head elements (the fingerprint that lets a refresh skip an unchanged kernel).</param>
    public static string Render(CatalogKernel k, string footer, string head)
    {
        var m = k.Manifest;
        var main = new StringBuilder();
        main.Append($"""
            <nav class="crumbs" aria-label="Breadcrumb"><a href="../index.html">All kernels</a></nav>
            <h1>{Html.Text(k.Hit.Id)} <span class="version">{Html.Text(k.Hit.LatestVersion)}</span></h1>
            <p class="lead">{Html.Text(string.IsNullOrWhiteSpace(m.Description) ? k.Hit.Description : m.Description)}</p>
            <ul class="tags" aria-label="Tags">{string.Concat(k.Hit.Tags.Select(t => $"<li>{Html.Text(t)}</li>"))}</ul>

            <section aria-labelledby="use"><h2 id="use">Use it</h2>
            <p>Reference it from a Diver app project (from the feed {Html.Text(k.SourceName)}; <code>dotnet new install Diver.Templates</code> first for the template):</p>
            {Copyable("packageref", "PackageReference", PackageReference(k))}
            {Copyable("new", "Start an app on it", NewApp(k))}
            {(k.Forkable ? Copyable("fork", "Fork its source into a kernel project", Fork(k)) : "<p>Its package carries no source: it cannot be forked.</p>")}
            </section>

            <section aria-labelledby="facts"><h2 id="facts">At a glance</h2>
            <dl class="facts">
            <dt>Architecture</dt><dd>{Html.Text(m.Arch)}</dd>
            <dt>Deploy modes</dt><dd>{Html.Text(string.Join(", ", m.DeployModes))}</dd>
            <dt>Boot protocols</dt><dd>{Html.Text(string.Join(", ", m.BootProtocols))}</dd>
            <dt>Machine</dt><dd>{Html.Text($"{m.Machine.QemuMachine}, {m.Machine.DefaultCpus} CPU(s), {m.Machine.DefaultMemory} RAM by default")}</dd>
            <dt>Entry</dt><dd><code>{Html.Text(m.Entry.Signature)}</code></dd>
            <dt>Exit</dt><dd>{Html.Text($"{m.Exit.Device} at {m.Exit.IoBase}; panic code {m.Exit.PanicCode}")}</dd>
            <dt>Compile target</dt><dd><code>{Html.Text(m.Compile.Target)}</code></dd>
            <dt>Exported symbols</dt><dd>{(k.ExportedSymbols is { } n ? n.ToString("N0") : "not listed")}</dd>
            {(k.Hit.Downloads is { } d ? $"<dt>Downloads</dt><dd>{d:N0}</dd>" : "")}
            </dl>
            </section>

            <section aria-labelledby="configs"><h2 id="configs">Configs</h2>
            <p>Pick one with <code>-p:KernelConfig=&lt;name&gt;</code>.</p>
            <div class="scroll"><table><thead><tr><th scope="col">Config</th><th scope="col">Description</th></tr></thead><tbody>
            {string.Concat(m.Configs.Select(c => $"<tr><th scope=\"row\"><code>{Html.Text(c.Key)}</code>{(c.Key == m.DefaultConfig ? " (default)" : "")}</th><td>{Html.Text(c.Value.Description)}</td></tr>"))}
            </tbody></table></div>
            </section>

            <section aria-labelledby="versions"><h2 id="versions">Versions</h2>
            {Versions(k.Hit.Versions)}
            </section>

            <section aria-labelledby="headers"><h2 id="headers">Headers it ships</h2>
            <ul class="headers">{string.Concat(k.Headers.Select(h => $"<li><code>{Html.Text(h)}</code></li>"))}</ul>
            </section>

            <section aria-labelledby="readme" class="readme"><h2 id="readme">README</h2>
            {RenderReadme(k.ReadmeMarkdown)}
            </section>

            """);
        return PageLayout.Page($"{k.Hit.Id} {k.Hit.LatestVersion} - Diver kernel catalog", "../", main.ToString(), footer, head);
    }

    /// <summary>The versions, newest first, with a downloads column only where the feed counts them (folder feeds do not).</summary>
    static string Versions(IReadOnlyList<KernelVersion> versions)
    {
        var counted = versions.Any(v => v.Downloads is not null);
        var rows = versions.Select(v => $"<tr><td>{Html.Text(v.Version)}</td>{(counted ? $"<td>{v.Downloads?.ToString("N0") ?? ""}</td>" : "")}</tr>");
        return $"<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Version</th>{(counted ? "<th scope=\"col\">Downloads</th>" : "")}</tr></thead><tbody>{string.Concat(rows)}</tbody></table></div>";
    }

    /// <summary>A command in a code block with a copy button; the button carries the exact text it copies.</summary>
    static string Copyable(string id, string label, string text) => $"""
        <div class="copyable">
        <p class="copy-label" id="{id}-label">{Html.Text(label)}</p>
        <pre><code id="{id}-text">{Html.Text(text)}</code></pre>
        <button type="button" class="copy" data-copy="{Html.Attribute(text)}" aria-describedby="{id}-label" id="{id}-copy">Copy</button> <span class="copy-status" role="status" aria-live="polite"></span>
        </div>
        """;

    /// <summary>The README's headings move two levels down, below the page's h1 and the README's h2.</summary>
    static string RenderReadme(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "<p>The package has no README.</p>";
        var document = Markdown.Parse(markdown, Readme);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);
        return document.ToHtml(Readme);
    }
}
