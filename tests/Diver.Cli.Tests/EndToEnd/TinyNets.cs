using System.Diagnostics;
using Diver.Nets;

namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// Builds variants of Assets/tiny-net.S (a PVH ELF that prints "hi", echoes its command line and
/// exits through isa-debug-exit) into a private temp folder, with a hand-made .net.json beside
/// each. The folder's unique path is in every QEMU command line, which is how tests find
/// leftover QEMU processes without touching anyone else's.
/// </summary>
public sealed class TinyNets : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("diver-cli-e2e-").FullName;

    static string Source => Path.Combine(AppContext.BaseDirectory, "Assets", "tiny-net.S");

    /// <summary>Assembles and links one variant; returns the path of its .net.json.</summary>
    public string Build(string name, string define, Func<NetDescription, NetDescription>? adjust = null)
    {
        var obj = Path.Combine(Folder, name + ".o");
        var elf = Path.Combine(Folder, name + ".elf");
        Tool("clang", "--target=x86_64-unknown-none", "-c", define, Source, "-o", obj);
        Tool("ld.lld", "-static", "-nostdlib", "-e", "_start", obj, "-o", elf);
        var net = new NetDescription
        {
            Name = name,
            Image = Path.GetFileName(elf),
            ImageSize = new FileInfo(elf).Length,
            Arch = "x86_64",
            Kernel = new NetKernel { Id = "tiny", Version = "0.0.0", Config = "default" },
            DeployModes = ["VM"],
            Machine = new NetMachine { QemuMachine = "microvm", Cpus = 1, Memory = "64M" },
            BuiltAt = DateTimeOffset.UtcNow,
        };
        var jsonPath = Path.Combine(Folder, name + NetDescription.FileSuffix);
        (adjust?.Invoke(net) ?? net).Save(jsonPath);
        return jsonPath;
    }

    static void Tool(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed (is it installed? .ci/run installs clang and lld): {stderr.Result}");
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
