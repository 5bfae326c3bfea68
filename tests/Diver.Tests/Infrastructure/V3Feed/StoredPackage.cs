using NuGet.Versioning;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>One package the test server holds: what its nuspec says, and where its .nupkg lies.</summary>
public sealed record StoredPackage(
    string Id,
    NuGetVersion Version,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> PackageTypes,
    string NupkgPath,
    string NuspecPath)
{
    /// <summary>The id as the flat container spells it in URLs.</summary>
    public string LowerId => Id.ToLowerInvariant();

    /// <summary>The normalized version as the flat container spells it (no build metadata, lower case).</summary>
    public string LowerVersion => Version.ToNormalizedString().ToLowerInvariant();
}
