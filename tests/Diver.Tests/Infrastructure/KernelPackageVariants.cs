using System.IO.Compression;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Diver.Tests.Infrastructure;

/// <summary>
/// Makes kernel packages for the failure cases: the shipped Nautilus package under a new id with
/// its manifest changed or removed, packed with NuGet.Packaging into the workspace feed.
/// </summary>
public static class KernelPackageVariants
{
    public const string Version = "1.0.0";

    /// <summary>
    /// Packs a copy of Diver.Kernel.Nautilus as <paramref name="id"/>. <paramref name="manifest"/>
    /// rewrites kernel.json's text; returning null leaves the manifest out.
    /// </summary>
    /// <param name="feed">The folder to write the package to (default: the workspace feed).</param>
    /// <param name="tags">The package's tags (default: none).</param>
    /// <param name="editFiles">Changes the extracted files before packing (e.g. to tamper with one).</param>
    /// <param name="version">The package version (default <see cref="Version"/>).</param>
    public static string Pack(DiverWorkspace workspace, string id, Func<string, string?> manifest, string? feed = null, string? tags = null, Action<string>? editFiles = null,
        string version = Version)
    {
        var target = Path.Combine(feed ?? workspace.Feed, $"{id}.{version}.nupkg");
        if (File.Exists(target) && feed is null) return id;
        var source = Path.Combine(workspace.Feed, $"Diver.Kernel.Nautilus.{workspace.Version}.nupkg");
        var extracted = Directory.CreateTempSubdirectory("diver-kernel-variant-").FullName;
        try
        {
            ZipFile.ExtractToDirectory(source, extracted);
            var manifestPath = Path.Combine(extracted, "diver", "kernel.json");
            var rewritten = manifest(File.ReadAllText(manifestPath));
            if (rewritten is null) File.Delete(manifestPath);
            else File.WriteAllText(manifestPath, rewritten);
            editFiles?.Invoke(extracted);

            var builder = new PackageBuilder
            {
                Id = id,
                Version = NuGetVersion.Parse(version),
                Description = $"Test variant of Diver.Kernel.Nautilus ({id}).",
            };
            builder.Authors.Add("diver-tests");
            foreach (var tag in (tags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)) builder.Tags.Add(tag);
            builder.PackageTypes.Add(new PackageType("DiverKernel", new System.Version(0, 0)));
            foreach (var file in Directory.EnumerateFiles(extracted, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(extracted, file).Replace('\\', '/');
                if (relative.EndsWith(".nuspec", StringComparison.Ordinal) || relative.StartsWith("_rels/", StringComparison.Ordinal) ||
                    relative.StartsWith("package/", StringComparison.Ordinal) || relative == "[Content_Types].xml" || relative.EndsWith(".psmdcp", StringComparison.Ordinal))
                    continue;
                builder.Files.Add(new PhysicalPackageFile { SourcePath = file, TargetPath = relative });
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var stream = File.Create(target);
            builder.Save(stream);
            return id;
        }
        finally
        {
            Directory.Delete(extracted, recursive: true);
        }
    }
}
