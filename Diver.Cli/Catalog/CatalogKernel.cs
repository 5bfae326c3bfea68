using Diver.Cli.Feeds;
using Diver.Manifest;

namespace Diver.Cli.Catalog;

/// <summary>Everything one kernel's page shows: what the feed lists about it and what its newest package holds.</summary>
internal sealed record CatalogKernel(
    KernelSearchHit Hit,
    string SourceName,
    KernelManifest Manifest,
    string? ReadmeMarkdown,
    IReadOnlyList<string> Headers,
    int? ExportedSymbols,
    bool Forkable)
{
    /// <summary>The page's file name: lower case, as NuGet ids are case-insensitive and web servers are not.</summary>
    public string PageName => PageNameOf(Hit.Id);

    public static string PageNameOf(string id) => id.ToLowerInvariant() + ".html";
}
