using Microsoft.Build.Framework;
using NuGet.Versioning;

namespace Diver.Tasks;

/// <summary>
/// Refuses a PackageReference whose Version is not a NuGet version or range, before restore:
/// NuGet's RestoreTask fails on one without logging why (MSB4181, "returned false but did not
/// log an error"), which names neither the package nor the value.
/// </summary>
public sealed class CheckPackageVersions : DiverTask
{
    public ITaskItem[] PackageReferences { get; set; } = [];

    protected override void Run()
    {
        foreach (var reference in PackageReferences)
        {
            var version = reference.GetMetadata("Version");
            // No Version: central package management or an SDK-implied reference supplies it.
            if (string.IsNullOrWhiteSpace(version) || VersionRange.TryParse(version, allowFloating: true, out _))
                continue;
            LogError(ErrorCodes.BadPackageVersion,
                $"PackageReference {reference.ItemSpec} has Version \"{version}\", which is not a NuGet version or range. " +
                "Use a version such as 1.2.3, a range such as [1.0,2.0), or a floating version such as 1.*.");
        }
    }
}
