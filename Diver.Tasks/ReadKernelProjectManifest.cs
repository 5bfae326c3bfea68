using Diver.Kernels;
using Diver.Manifest;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Diver.Tasks;

/// <summary>
/// Reads a kernel project's own diver/kernel.json: the configs it declares are the archives the
/// build makes, and the flags it gives are the ones the kernel's sources compile with, so the
/// manifest is the one place a config or a flag is declared. Checked against the schema and the
/// PackageId now, not at pack, so a wrong manifest fails the first build.
/// </summary>
public sealed class ReadKernelProjectManifest : DiverTask
{
    [Required] public string ManifestPath { get; set; } = "";
    [Required] public string PackageId { get; set; } = "";
    /// <summary>The config being compiled; when set, <see cref="CompileFlags"/> are its flags.</summary>
    public string? KernelConfig { get; set; }
    /// <summary>The project's KernelCFlags and KernelBuildConfig items, which older kernel projects used for flags: refused.</summary>
    public string? ProjectCFlags { get; set; }
    public ITaskItem[] ProjectBuildConfigs { get; set; } = [];
    /// <summary>The kernel project: the error about those names points there, where they are set.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>One item per config: ItemSpec its name, Archive the package-relative archive path.</summary>
    [Output] public ITaskItem[] Configs { get; private set; } = [];
    [Output] public string CompileTarget { get; private set; } = "";
    /// <summary>compile.flags, compile.kernelFlags, then the config's kernelFlags.</summary>
    [Output] public ITaskItem[] CompileFlags { get; private set; } = [];
    [Output] public string LinkerScript { get; private set; } = "";
    [Output] public string DefaultConfig { get; private set; } = "";
    /// <summary>The tags search filters on: the architecture and one mode-&lt;Mode&gt; per deploy mode.</summary>
    [Output] public string[] SearchTags { get; private set; } = [];

    protected override void Run()
    {
        if (RefuseFlagsInProject()) return;
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
        if (!string.IsNullOrEmpty(KernelConfig))
            CompileFlags = manifest.Compile.KernelSourceFlags(manifest.SelectConfig(KernelConfig).Value)
                .Select(f => (ITaskItem)new TaskItem(f)).ToArray();
        LinkerScript = manifest.Link.Script;
        DefaultConfig = manifest.DefaultConfig;
        SearchTags = [manifest.Arch, .. manifest.DeployModes.Select(KernelTags.ForMode)];
    }

    /// <summary>
    /// The SDK no longer reads these, so a forked or older project that still sets them would build
    /// a kernel without the flags its author meant: stop and say where they go.
    /// </summary>
    bool RefuseFlagsInProject()
    {
        var found = new List<string>();
        if (!string.IsNullOrWhiteSpace(ProjectCFlags))
            found.Add($"KernelCFlags ('{ProjectCFlags.Trim()}') belongs in \"compile\": {{ \"kernelFlags\": [...] }}");
        foreach (var config in ProjectBuildConfigs)
            found.Add($"KernelBuildConfig '{config.ItemSpec}' (CFlags '{config.GetMetadata("CFlags").Trim()}') belongs in \"configs\": {{ \"{config.ItemSpec}\": {{ \"kernelFlags\": [...] }} }}");
        if (found.Count == 0) return false;
        LogError(ErrorCodes.KernelFlagsInProject,
            $"A kernel's compile flags live in its manifest {ManifestPath} now, not in the project: {string.Join("; ", found)}. " +
            "Move each flag there, one JSON string per flag, and delete the property and items from the project (see docs/kernel-manifest.md).",
            ProjectFile);
        return true;
    }
}
