using System.Text.Json;

namespace Diver.Manifest;

/// <summary>
/// Reads and validates a kernel manifest. Every problem becomes a DiverException naming the file
/// and the field, because the person who sees it is usually the app developer, not the kernel's
/// author, and needs to know which package is broken.
/// </summary>
public static class ManifestReader
{
    public static KernelManifest Load(string path, string packageLabel)
    {
        if (!File.Exists(path))
            throw new DiverException(ErrorCodes.ManifestMissing,
                $"Package {packageLabel} has no {KernelManifest.RelativePath}, so it is not a Diver kernel. " +
                "Reference a kernel package (package type DiverKernel), or repack this one with its manifest.");
        using var stream = File.OpenRead(path);
        return Read(stream, packageLabel, path);
    }

    /// <summary>Reads a manifest from any stream (a file, or an entry of a .nupkg being validated).</summary>
    public static KernelManifest Read(Stream stream, string packageLabel, string path)
    {
        KernelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(stream, DiverJsonContext.Default.KernelManifest);
        }
        catch (JsonException e)
        {
            throw Malformed(packageLabel, path, $"it is not valid JSON ({e.Message})");
        }
        if (manifest is null)
            throw Malformed(packageLabel, path, "it is empty");
        var problem = FindProblem(manifest);
        if (problem is not null)
            throw Malformed(packageLabel, path, problem);
        return manifest;
    }

    /// <summary>The first schema violation, or null. Public so pack-time validation shares it.</summary>
    public static string? FindProblem(KernelManifest m)
    {
        if (m.SchemaVersion != KernelManifest.CurrentSchemaVersion)
            return $"schemaVersion is {m.SchemaVersion}; this Diver reads version {KernelManifest.CurrentSchemaVersion}";
        if (string.IsNullOrWhiteSpace(m.Id)) return "'id' is missing";
        if (string.IsNullOrWhiteSpace(m.Arch)) return "'arch' is missing";
        if (m.DeployModes.Count == 0) return "'deployModes' is empty";
        if (m.Configs.Count == 0) return "'configs' is empty";
        if (!m.Configs.ContainsKey(m.DefaultConfig)) return $"'defaultConfig' ('{m.DefaultConfig}') is not one of 'configs'";
        foreach (var (name, config) in m.Configs)
            if (string.IsNullOrWhiteSpace(config.Archive)) return $"config '{name}' has no 'archive'";
        if (string.IsNullOrWhiteSpace(m.Compile.Target)) return "'compile.target' is missing";
        if (string.IsNullOrWhiteSpace(m.Link.Script)) return "'link.script' is missing";
        return null;
    }

    static DiverException Malformed(string packageLabel, string path, string why) =>
        new(ErrorCodes.ManifestMalformed,
            $"The manifest of kernel package {packageLabel} is malformed: {why} ({path}). " +
            "Use a fixed version of the package, or correct the manifest and repack it (see docs/kernel-manifest.md).");
}
