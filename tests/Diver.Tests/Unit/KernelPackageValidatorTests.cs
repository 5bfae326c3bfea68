using System.IO.Compression;
using Diver.Kernels;

namespace Diver.Tests.Unit;

public sealed class KernelPackageValidatorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-validator-").FullName;

    const string Manifest = """
        { "schemaVersion": 1, "id": "My.Kernel", "arch": "x86_64", "deployModes": ["VM"], "defaultConfig": "default",
          "configs": { "default": { "archive": "kernel/default/libk.a" } },
          "compile": { "target": "x86_64-unknown-none-elf", "includeDirs": ["include"] }, "link": { "script": "link/kernel.ld" } }
        """;

    static readonly Dictionary<string, string> Good = new()
    {
        ["My.Kernel.nuspec"] = "<package><metadata><packageTypes><packageType name=\"DiverKernel\" /></packageTypes></metadata></package>",
        ["diver/kernel.json"] = Manifest,
        ["kernel/default/libk.a"] = "!<arch>\n",
        ["link/kernel.ld"] = "",
        ["include/k.h"] = "",
        ["README.md"] = "# k",
    };

    string Package(Action<Dictionary<string, string>> edit)
    {
        var files = new Dictionary<string, string>(Good);
        edit(files);
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in files)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }
        return path;
    }

    static void AssertRefused(string path, string code, string text)
    {
        var e = Assert.Throws<DiverException>(() => KernelPackageValidator.Validate(path, "My.Kernel"));
        Assert.Equal(code, e.Code);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void A_complete_kernel_package_passes() => KernelPackageValidator.Validate(Package(_ => { }), "My.Kernel");

    [Theory]
    [InlineData("build/My.Kernel.targets")]
    [InlineData("buildTransitive/net10.0/My.Kernel.props")]
    [InlineData("src/Directory.Build.targets")]
    public void MSBuild_code_is_refused(string entry) =>
        AssertRefused(Package(f => f[entry] = "<Project />"), ErrorCodes.KernelPackageHasMsbuildCode, entry);

    [Theory]
    [InlineData("diver/kernel.json", "diver/kernel.json")]
    [InlineData("kernel/default/libk.a", "archive of config 'default'")]
    [InlineData("link/kernel.ld", "linker script")]
    [InlineData("include/k.h", "headers under include/")]
    [InlineData("README.md", "README")]
    public void Missing_parts_are_refused(string entry, string text) =>
        AssertRefused(Package(f => f.Remove(entry)), ErrorCodes.KernelPartMissing, text);

    [Fact]
    public void Missing_package_type_is_refused() =>
        AssertRefused(Package(f => f["My.Kernel.nuspec"] = "<package />"), ErrorCodes.KernelPartMissing, "DiverKernel");

    [Fact]
    public void Manifest_failing_its_schema_is_refused() =>
        AssertRefused(Package(f => f["diver/kernel.json"] = Manifest.Replace("\"deployModes\": [\"VM\"]", "\"deployModes\": []")),
            ErrorCodes.KernelManifestInvalid, "'deployModes' is empty");

    [Fact]
    public void Manifest_naming_another_package_is_refused() =>
        AssertRefused(Package(f => f["diver/kernel.json"] = Manifest.Replace("My.Kernel", "Other.Kernel")),
            ErrorCodes.KernelManifestIdMismatch, "Other.Kernel");

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
