using Diver.Kernels;

namespace Diver.Cli.Feeds;

/// <summary>One kernel a feed's search returned, with what its tags say about modes and arch.</summary>
internal sealed record KernelSearchHit(string Id, string LatestVersion, string Description, IReadOnlyList<string> Tags)
{
    public IReadOnlyList<string> Modes => KernelTags.Modes(Tags);
    public string Arch => Tags.FirstOrDefault(t => t is "x86_64" or "aarch64" or "riscv64") ?? "";
}

/// <summary>The kernels one source returned, or why it could not be searched.</summary>
internal sealed record SourceSearchResult(string SourceName, string Source, IReadOnlyList<KernelSearchHit> Kernels, string? Problem);
