using Diver.Manifest;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Diver.Tasks;

/// <summary>
/// Finds the kernel package among the project's restored packages (from project.assets.json, the
/// same data NuGet restore wrote) by looking for <c>diver/kernel.json</c>, reads the manifest and
/// hands the build everything it needs from it. Code inside packages is never run.
/// </summary>
public sealed class ResolveDiverKernel : DiverTask
{
    /// <summary>The one guest architecture apps are compiled and booted for (qemu-system-x86_64).</summary>
    const string SupportedArch = "x86_64";

    [Required] public string ProjectAssetsFile { get; set; } = "";
    public string? KernelConfig { get; set; }
    /// <summary>
    /// A kernel laid out as its package, on disk, used instead of the restored packages: a kernel
    /// project's own tests link with the kernel it just built (Diver.Test.targets).
    /// </summary>
    public string? KernelPackageFolder { get; set; }
    public string? KernelPackageId { get; set; }
    public string? KernelPackageVersion { get; set; }

    [Output] public string KernelId { get; private set; } = "";
    [Output] public string KernelVersion { get; private set; } = "";
    [Output] public string KernelRoot { get; private set; } = "";
    [Output] public string KernelManifestPath { get; private set; } = "";
    [Output] public string KernelConfigName { get; private set; } = "";
    [Output] public string KernelArchive { get; private set; } = "";
    [Output] public string LinkerScript { get; private set; } = "";
    [Output] public string CompileTarget { get; private set; } = "";
    [Output] public ITaskItem[] CompileFlags { get; private set; } = [];
    [Output] public ITaskItem[] IncludeDirectories { get; private set; } = [];
    [Output] public ITaskItem[] LinkFlags { get; private set; } = [];
    [Output] public ITaskItem[] LinkLibraries { get; private set; } = [];
    [Output] public string EntrySymbol { get; private set; } = "";

    protected override void Run()
    {
        if (!string.IsNullOrEmpty(KernelPackageFolder))
        {
            var root = Path.GetFullPath(KernelPackageFolder);
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .ToHashSet(StringComparer.Ordinal);
            Resolve(new RestoredPackage(KernelPackageId ?? "", KernelPackageVersion ?? "", root, files));
            return;
        }
        var packages = RestoredPackages.Read(ProjectAssetsFile);
        var kernels = packages
            .Where(p => p.HasFile(KernelManifest.RelativePath))
            .ToList();
        if (kernels.Count == 0)
        {
            // A package typed DiverKernel without a manifest is a broken kernel, not a missing one.
            var typed = packages.FirstOrDefault(p => p.DeclaresPackageType(KernelManifest.PackageType));
            if (typed is not null)
                ManifestReader.Load(typed.PathOf(KernelManifest.RelativePath), typed.Label);
            throw new DiverException(ErrorCodes.NoKernelReferenced,
                "The project references no kernel package. Add one, for example " +
                "<PackageReference Include=\"Diver.Kernel.Nautilus\" Version=\"...\" />, or find kernels with 'dotnet diver search'.");
        }
        if (kernels.Count > 1)
            throw new DiverException(ErrorCodes.SeveralKernelsReferenced,
                $"The project references {kernels.Count} kernel packages ({string.Join(", ", kernels.Select(k => k.Label))}); a net has exactly one kernel. " +
                "Keep one kernel PackageReference and remove the others.");

        Resolve(kernels[0]);
    }

    void Resolve(RestoredPackage kernel)
    {
        var manifest = ManifestReader.Load(kernel.PathOf(KernelManifest.RelativePath), kernel.Label);
        if (!string.Equals(manifest.Arch, SupportedArch, StringComparison.Ordinal))
            throw new DiverException(ErrorCodes.KernelArchUnsupported,
                $"Kernel {kernel.Label} is built for '{manifest.Arch}', but Diver builds and boots {SupportedArch} nets. " +
                $"Reference a kernel for {SupportedArch} (dotnet diver search --arch {SupportedArch}).");
        var (configName, config) = manifest.SelectConfig(KernelConfig);

        KernelId = kernel.Id;
        KernelVersion = kernel.Version;
        KernelRoot = kernel.Root;
        KernelManifestPath = kernel.PathOf(KernelManifest.RelativePath);
        KernelConfigName = configName;
        KernelArchive = RequireFile(kernel, config.Archive, $"the archive of config '{configName}'");
        LinkerScript = RequireFile(kernel, manifest.Link.Script, "the linker script");
        CompileTarget = manifest.Compile.Target;
        CompileFlags = Items(manifest.Compile.Flags);
        IncludeDirectories = Items(manifest.Compile.IncludeDirs.Select(d => kernel.PathOf(d)));
        LinkFlags = Items(manifest.Link.Flags);
        LinkLibraries = Items(manifest.Link.Libraries.Select(l => RequireFile(kernel, l, $"the library {l}")));
        EntrySymbol = manifest.Link.EntrySymbol ?? "";
        Log.LogMessage(MessageImportance.Low, $"Kernel {kernel.Label}, config {configName}, at {kernel.Root}");
    }

    static string RequireFile(RestoredPackage kernel, string relative, string what)
    {
        var path = kernel.PathOf(relative);
        if (!File.Exists(path))
            throw new DiverException(ErrorCodes.KernelFileMissing,
                $"Kernel package {kernel.Label} lacks {what} ({relative}), so it is broken. Use another version of the package, or repack it.");
        return path;
    }

    static ITaskItem[] Items(IEnumerable<string> values) => values.Select(v => (ITaskItem)new TaskItem(v)).ToArray();
}
