using NuGet.Configuration;

namespace Diver.Cli.Feeds;

/// <summary>
/// The feeds a command looks in: every enabled source of the nuget.config files that apply to the
/// current folder (as dotnet restore sees them), or the one --source names (a configured
/// source's name, a folder, or a V3 index URL).
/// </summary>
internal static class FeedSources
{
    public static IReadOnlyList<PackageSource> Resolve(string? source, string workingDirectory)
    {
        var settings = Settings.LoadDefaultSettings(workingDirectory);
        var configured = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).ToList();
        if (string.IsNullOrWhiteSpace(source))
            return configured;
        // A URL that nuget.config also lists keeps that entry's settings (allowInsecureConnections, credentials).
        var named = configured.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase))
                    ?? configured.FirstOrDefault(s => IsUrl(source) && string.Equals(s.Source.TrimEnd('/'), source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        var chosen = named ?? new PackageSource(IsUrl(source) ? source : Path.GetFullPath(source, workingDirectory));
        RequireLocalFolder(chosen);
        RequireSecure(chosen);
        return [chosen];
    }

    /// <summary>Every source named (each as <see cref="Resolve"/> takes one), or the configured ones when none is.</summary>
    public static IReadOnlyList<PackageSource> ResolveAll(IReadOnlyList<string> sources, string workingDirectory) =>
        sources.Count == 0 ? Resolve(null, workingDirectory) : sources.SelectMany(s => Resolve(s, workingDirectory)).ToList();

    /// <summary>
    /// Plain HTTP is refused as dotnet restore and push refuse it (NU1302), so search never shows a
    /// kernel that restore would then not fetch; nuget.config can allow it per source.
    /// </summary>
    public static void RequireSecure(PackageSource source)
    {
        if (IsInsecure(source))
            throw new DiverException(ErrorCodes.InsecureFeed,
                $"The feed '{source.Source}' uses plain HTTP, which NuGet refuses (NU1302). Use an https URL, or list the source in nuget.config " +
                "with allowInsecureConnections=\"true\" if you trust the network.");
    }

    public static bool IsInsecure(PackageSource source) =>
        source.IsHttp && !source.IsHttps && !source.AllowInsecureConnections;

    /// <summary>A folder feed that does not exist is a typo, not an empty feed: say so.</summary>
    public static void RequireLocalFolder(PackageSource source)
    {
        if (source.IsLocal && !Directory.Exists(source.Source))
            throw new DiverException(ErrorCodes.FeedNotFound,
                $"The feed '{source.Source}' does not exist. Pass an existing folder or a NuGet V3 URL to --source, or a source name from 'dotnet nuget list source'.");
    }

    static bool IsUrl(string s) => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
