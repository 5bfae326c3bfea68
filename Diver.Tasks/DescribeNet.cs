using System.Security.Cryptography;
using Diver.Manifest;
using Diver.Nets;
using Diver.Qemu;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Writes &lt;name&gt;.net.json beside the image: kernel id, version and config, the image's
/// hash and size, the deploy modes the kernel supports and the default resources. The launcher
/// and 'dotnet diver list' read it; nothing at run time needs the kernel package.
/// </summary>
public sealed class DescribeNet : DiverTask
{
    [Required] public string NetName { get; set; } = "";
    [Required] public string ImageFile { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string KernelManifestPath { get; set; } = "";
    [Required] public string KernelId { get; set; } = "";
    [Required] public string KernelVersion { get; set; } = "";
    [Required] public string KernelConfig { get; set; } = "";
    public string? Cpus { get; set; }
    public string? Memory { get; set; }

    protected override void Run()
    {
        var manifest = ManifestReader.Load(KernelManifestPath, $"{KernelId} {KernelVersion}");
        var image = new FileInfo(ImageFile);
        using var stream = image.OpenRead();
        var net = new NetDescription
        {
            Name = NetName,
            Image = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!, image.FullName),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stream)),
            ImageSize = image.Length,
            Arch = manifest.Arch,
            Kernel = new NetKernel { Id = KernelId, Version = KernelVersion, Config = KernelConfig },
            DeployModes = manifest.DeployModes,
            Machine = new NetMachine
            {
                QemuMachine = manifest.Machine.QemuMachine,
                Cpus = string.IsNullOrWhiteSpace(Cpus) ? manifest.Machine.DefaultCpus : VcpuCount.Parse(Cpus),
                Memory = string.IsNullOrWhiteSpace(Memory) ? manifest.Machine.DefaultMemory : MemorySize.Parse(Memory).ToQemuArgument(),
                MinMemory = manifest.Machine.MinMemory,
            },
            Exit = manifest.Exit,
            Channels = manifest.Channels,
            BuiltAt = DateTimeOffset.UtcNow,
        };
        net.Save(OutputFile);
    }
}
