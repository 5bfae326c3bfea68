using Diver.Manifest;

namespace Diver.Tests.Unit;

public sealed class ManifestReaderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-manifest-").FullName;

    const string Valid = """
        {
          "schemaVersion": 1, "id": "My.Kernel", "name": "my", "arch": "x86_64",
          "bootProtocols": ["pvh"], "deployModes": ["VM"], "defaultConfig": "default",
          "configs": { "default": { "archive": "kernel/default/libmy.a" }, "debug": { "archive": "kernel/debug/libmy.a" } },
          "compile": { "target": "x86_64-unknown-none-elf", "includeDirs": ["include"], "flags": ["-ffreestanding"] },
          "link": { "script": "link/kernel.ld", "flags": ["-nostdlib"] }
        }
        """;

    string Write(string text)
    {
        var path = Path.Combine(_dir, "kernel.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Valid_manifest_loads_with_defaults_for_optional_parts()
    {
        var m = ManifestReader.Load(Write(Valid), "My.Kernel 1.0.0");

        Assert.Equal("My.Kernel", m.Id);
        Assert.Equal(["-ffreestanding"], m.Compile.Flags);
        Assert.Equal("microvm", m.Machine.QemuMachine);
        Assert.Equal(127, m.Exit.PanicCode);
        Assert.Equal("kernel/debug/libmy.a", m.SelectConfig("debug").Value.Archive);
        Assert.Equal("default", m.SelectConfig(null).Key);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"schemaVersion": 2}""", "schemaVersion is 2")]
    [InlineData("""{"schemaVersion": 1, "arch": "x86_64"}""", "'id' is missing")]
    public void Broken_manifest_is_malformed_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<DiverException>(() => ManifestReader.Load(Write(text), "My.Kernel 1.0.0"));

        Assert.Equal("DIVER1004", e.Code);
        Assert.Contains(reason, e.Message);
        Assert.Contains("My.Kernel 1.0.0", e.Message);
    }

    [Fact]
    public void Missing_manifest_says_the_package_is_not_a_kernel()
    {
        var e = Assert.Throws<DiverException>(() => ManifestReader.Load(Path.Combine(_dir, "none.json"), "Some.Package 2.0.0"));

        Assert.Equal("DIVER1003", e.Code);
    }

    [Fact]
    public void Unknown_config_lists_the_available_ones()
    {
        var m = ManifestReader.Load(Write(Valid), "My.Kernel 1.0.0");

        var e = Assert.Throws<DiverException>(() => m.SelectConfig("fast"));

        Assert.Equal("DIVER1005", e.Code);
        Assert.Contains("Available configs: default, debug", e.Message);
    }

    [Fact]
    public void Kernel_sources_get_the_shared_flags_then_the_kernel_ones_then_the_configs()
    {
        var m = ManifestReader.Load(Write(Valid
            .Replace("\"flags\": [\"-ffreestanding\"]", "\"flags\": [\"-ffreestanding\"], \"kernelFlags\": [\"-Wall\"]")
            .Replace("\"archive\": \"kernel/debug/libmy.a\"", "\"archive\": \"kernel/debug/libmy.a\", \"kernelFlags\": [\"-O1\", \"-g\"]")), "My.Kernel 1.0.0");

        Assert.Equal(["-ffreestanding", "-Wall", "-O1", "-g"], m.Compile.KernelSourceFlags(m.SelectConfig("debug").Value));
        Assert.Equal(["-ffreestanding", "-Wall"], m.Compile.KernelSourceFlags(m.SelectConfig("default").Value));
        Assert.Equal(["-ffreestanding"], m.Compile.Flags); // what apps get
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
