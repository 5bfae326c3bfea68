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
        var named = configured.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase));
        var chosen = named ?? new PackageSource(IsUrl(source) ? source : Path.GetFullPath(source, workingDirectory));
        RequireLocalFolder(chosen);
        return [chosen];
    }

    /// <summary>A folder feed that does not exist is a typo, not an empty feed: say so.</summary>
    public static void RequireLocalFolder(PackageSource source)
    {
        if (source.IsLocal && !Directory.Exists(source.Source))
            throw new DiverException(ErrorCodes.FeedNotFound,
                $"The feed '{source.Source}' does not exist. Pass an existing folder or a NuGet V3 URL to --source, or a source name from 'dotnet nuget list source'.");
    }

    static bool IsUrl(string s) => s.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
