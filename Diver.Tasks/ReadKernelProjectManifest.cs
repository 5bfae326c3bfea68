using Diver.Kernels;
using Diver.Manifest;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Diver.Tasks;

/// <summary>
/// Reads a kernel project's own diver/kernel.json: the configs it declares are the archives the
/// build makes, so the manifest is the one place a config is declared (the project only adds
/// per-config compiler flags). Checked against the schema and the PackageId now, not at pack,
/// so a wrong manifest fails the first build.
/// </summary>
public sealed class ReadKernelProjectManifest : DiverTask
{
    [Required] public string ManifestPath { get; set; } = "";
    [Required] public string PackageId { get; set; } = "";

    /// <summary>One item per config: ItemSpec its name, Archive the package-relative archive path.</summary>
    [Output] public ITaskItem[] Configs { get; private set; } = [];
    [Output] public string CompileTarget { get; private set; } = "";
    [Output] public string LinkerScript { get; private set; } = "";
    [Output] public string DefaultConfig { get; private set; } = "";
    /// <summary>The tags search filters on: the architecture and one mode-&lt;Mode&gt; per deploy mode.</summary>
    [Output] public string[] SearchTags { get; private set; } = [];

    protected override void Run()
    {
        KernelManifest manifest;
        try
        {
            manifest = ManifestReader.Load(ManifestPath, PackageId);
        }
        catch (DiverException e) when (e.Code is ErrorCodes.ManifestMalformed or ErrorCodes.ManifestMissing)
        {
            throw new DiverException(e.Code == ErrorCodes.ManifestMissing ? ErrorCodes.KernelPartMissing : ErrorCodes.KernelManifestInvalid,
                $"The kernel project's manifest {ManifestPath} is missing or breaks the schema: {e.Message} See docs/kernel-manifest.md.");
        }
        if (!string.Equals(manifest.Id, PackageId, StringComparison.OrdinalIgnoreCase))
            throw new DiverException(ErrorCodes.KernelManifestIdMismatch,
                $"{ManifestPath} names the kernel '{manifest.Id}' but the project's PackageId is '{PackageId}'. Make the manifest's 'id' equal the PackageId.");
        Configs = manifest.Configs
            .Select(c => (ITaskItem)new TaskItem(c.Key, new Dictionary<string, string> { ["Archive"] = c.Value.Archive }))
            .ToArray();
        CompileTarget = manifest.Compile.Target;
        LinkerScript = manifest.Link.Script;
        DefaultConfig = manifest.DefaultConfig;
        SearchTags = [manifest.Arch, .. manifest.DeployModes.Select(KernelTags.ForMode)];
    }
}
