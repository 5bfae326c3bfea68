using System.Text.Json;

namespace Diver.Nets;

/// <summary>
/// <c>&lt;name&gt;.net.json</c>, written beside the image by the build. It is everything the
/// launcher needs to boot the net, so running never has to find or read the kernel package.
/// </summary>
public sealed record NetDescription
{
    public const string FileSuffix = ".net.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public string Name { get; set; } = "";
    /// <summary>The ELF image, relative to the folder of the .net.json.</summary>
    public string Image { get; set; } = "";
    public string Sha256 { get; set; } = "";
    /// <summary>
    /// Set only in a net staged for Slurm: the image's XxHash128, recorded when it was staged, which the
    /// job checks before it boots (a non-cryptographic hash guards against a changed or half-copied
    /// file as well, and spares every job the cost of loading OpenSSL for SHA-256).
    /// </summary>
    public string? StagedImageXxHash128 { get; set; }
    public long ImageSize { get; set; }
    public string Arch { get; set; } = "";
    public NetKernel Kernel { get; set; } = new();
    public IReadOnlyList<string> DeployModes { get; set; } = [];
    public NetMachine Machine { get; set; } = new();
    public Manifest.ExitSpec Exit { get; set; } = new();
    /// <summary>The kernel's manifest declares channels: the net can stream as a pipeline stage.</summary>
    public bool Channels { get; set; }
    public DateTimeOffset BuiltAt { get; set; }

    public static NetDescription Load(string path) =>
        BuildOutputFile.Load(path, NetDescriptionReader.Read, "net", "the project");

    public void Save(string path) => BuildOutputFile.Save(path, this, DiverJsonContext.Default.NetDescription);

    public string ImagePath(string netJsonPath) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(netJsonPath))!, Image));
}

public sealed record NetKernel
{
    public string Id { get; set; } = "";
    public string Version { get; set; } = "";
    public string Config { get; set; } = "";
}

public sealed record NetMachine
{
    public string QemuMachine { get; set; } = "microvm";
    public int Cpus { get; set; } = 1;
    public string Memory { get; set; } = "128M";
    /// <summary>The kernel manifest's minMemory: the launcher refuses less before QEMU starts. Null in nets built before it was recorded.</summary>
    public string? MinMemory { get; set; }
}
