using Diver.Kernels;

namespace Diver.Cli.Feeds;

/// <summary>One version of a kernel package as its feed lists it; Downloads is null where the feed keeps no count (folders).</summary>
internal sealed record KernelVersion(string Version, long? Downloads);

/// <summary>One kernel a feed's search returned, with what its tags say about modes and arch.</summary>
/// <param name="Versions">Every version the feed lists, newest first.</param>
/// <param name="Downloads">The feed's download count for the whole id, where it keeps one.</param>
internal sealed record KernelSearchHit(string Id, string LatestVersion, string Description, IReadOnlyList<string> Tags,
    IReadOnlyList<KernelVersion> Versions, long? Downloads)
{
    public IReadOnlyList<string> Modes => KernelTags.Modes(Tags);
    public string Arch => Tags.FirstOrDefault(t => t is "x86_64" or "aarch64" or "riscv64") ?? "";
}

/// <summary>
/// The kernels one source returned, or why it could not be searched (Problem). Warnings name
/// packages the source holds but that could not be read: they are left out, the rest is listed.
/// </summary>
internal sealed record SourceSearchResult(string SourceName, string Source, IReadOnlyList<KernelSearchHit> Kernels, string? Problem,
    IReadOnlyList<string> Warnings);
