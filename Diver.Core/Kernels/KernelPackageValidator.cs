using System.IO.Compression;
using Diver.Manifest;

namespace Diver.Kernels;

/// <summary>
/// Checks a packed kernel (.nupkg) before anyone can push it: it must declare the DiverKernel
/// package type, carry a manifest that passes the schema and names this package, hold every file
/// the manifest points at plus headers and a README, and contain no MSBuild code (a kernel
/// package is data; nothing from it may run inside an app's build). It checks the final package
/// rather than the project's items, so files added by any route (a hand-written nuspec, extra
/// None items) are covered too.
/// </summary>
public static class KernelPackageValidator
{
    /// <summary>Folders NuGet imports MSBuild files from, and the extensions MSBuild imports.</summary>
    static readonly string[] MsbuildFolders = ["build/", "buildTransitive/", "buildMultiTargeting/", "buildCrossTargeting/"];
    static readonly string[] MsbuildExtensions = [".props", ".targets", ".tasks"];

    public static void Validate(string nupkgPath, string packageId)
    {
        using var zip = ZipFile.OpenRead(nupkgPath);
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).Where(n => !n.EndsWith('/')).ToHashSet(StringComparer.Ordinal);
        var label = Path.GetFileName(nupkgPath);

        var msbuild = entries.FirstOrDefault(IsMsbuildCode);
        if (msbuild is not null)
            throw new DiverException(ErrorCodes.KernelPackageHasMsbuildCode,
                $"Kernel package {label} contains MSBuild code ({msbuild}). A kernel package is data only: Diver.Sdk reads its manifest and never imports files from it. " +
                "Remove the file from the package (or set Pack=\"false\" on the item that adds it).");

        var nuspec = entries.FirstOrDefault(e => !e.Contains('/') && e.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        if (nuspec is null || !ReadText(zip, nuspec).Contains($"name=\"{KernelManifest.PackageType}\"", StringComparison.OrdinalIgnoreCase))
            throw Missing(label, $"the package type {KernelManifest.PackageType}", "Set <PackageType>DiverKernel</PackageType> (kernel projects of Diver.Sdk do this for you).");

        if (!entries.Contains(KernelManifest.RelativePath))
            throw Missing(label, KernelManifest.RelativePath, "Add the manifest (see docs/kernel-manifest.md).");
        var manifest = ReadManifest(zip, label);
        if (!string.Equals(manifest.Id, packageId, StringComparison.OrdinalIgnoreCase))
            throw new DiverException(ErrorCodes.KernelManifestIdMismatch,
                $"The manifest of {label} names the kernel '{manifest.Id}' but the package id is '{packageId}'. Make the manifest's 'id' equal the PackageId.");

        foreach (var (name, config) in manifest.Configs)
            RequireFile(entries, label, config.Archive, $"the archive of config '{name}'");
        RequireFile(entries, label, manifest.Link.Script, "the linker script");
        foreach (var library in manifest.Link.Libraries)
            RequireFile(entries, label, library, $"the library {library}");
        foreach (var dir in manifest.Compile.IncludeDirs)
            if (!entries.Any(e => e.StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal)))
                throw Missing(label, $"headers under {dir}/ (compile.includeDirs)", "Add the kernel's public headers.");
        RequireFile(entries, label, "README.md", "the README");
    }

    public static bool IsMsbuildCode(string entry) =>
        MsbuildFolders.Any(f => entry.StartsWith(f, StringComparison.OrdinalIgnoreCase)) ||
        MsbuildExtensions.Any(x => entry.EndsWith(x, StringComparison.OrdinalIgnoreCase));

    static KernelManifest ReadManifest(ZipArchive zip, string label)
    {
        try
        {
            using var stream = zip.GetEntry(KernelManifest.RelativePath)!.Open();
            return ManifestReader.Read(stream, label, KernelManifest.RelativePath);
        }
        catch (DiverException e) when (e.Code == ErrorCodes.ManifestMalformed)
        {
            throw new DiverException(ErrorCodes.KernelManifestInvalid,
                e.Message.Replace("Use a fixed version of the package, or correct", "Correct", StringComparison.Ordinal));
        }
    }

    static void RequireFile(HashSet<string> entries, string label, string relative, string what)
    {
        if (!entries.Contains(relative.TrimStart('/')))
            throw Missing(label, $"{what} ({relative})", "Build it before packing, or correct the path in diver/kernel.json.");
    }

    static DiverException Missing(string label, string what, string fix) =>
        new(ErrorCodes.KernelPartMissing, $"Kernel package {label} lacks {what}, a required part of a kernel package. {fix}");

    static string ReadText(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
