namespace Diver.Kernels;

/// <summary>
/// The tag conventions kernel packages follow, so a feed's search API (which knows tags, not
/// manifests) can filter kernels: every kernel carries <c>diver-kernel</c>, its architecture
/// (<c>x86_64</c>) and <c>mode-&lt;DeployMode&gt;</c> per supported deploy mode.
/// </summary>
public static class KernelTags
{
    public const string Kernel = "diver-kernel";
    const string ModePrefix = "mode-";

    public static string ForMode(string mode) => ModePrefix + mode;

    public static IReadOnlyList<string> Split(string? tags) =>
        (tags ?? "").Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<string> Modes(IEnumerable<string> tags) =>
        tags.Where(t => t.StartsWith(ModePrefix, StringComparison.OrdinalIgnoreCase)).Select(t => t[ModePrefix.Length..]).ToList();

    public static bool Has(IEnumerable<string> tags, string tag) => tags.Contains(tag, StringComparer.OrdinalIgnoreCase);
}
