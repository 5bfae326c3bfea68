using System.Reflection;
using System.Text.Json;
using Diver.Manifest;
using Diver.Nets;

namespace Diver.Tests.Unit;

/// <summary>
/// The launcher reads a .net.json with its own document walk while the build writes it with the
/// serializer: these keep the two in step, so a property added to the model but not to the reader fails here.
/// </summary>
public sealed class NetDescriptionReaderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-netreader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static NetDescription EveryPropertySet() => new()
    {
        SchemaVersion = 7,
        Name = "hello",
        Image = "hello.elf",
        Sha256 = "ab12",
        StagedImageXxHash128 = "cd34",
        ImageSize = 123456789012,
        Arch = "aarch64",
        Kernel = new NetKernel { Id = "My.Kernel", Version = "1.2.3", Config = "debug" },
        DeployModes = ["VM", "SplitVM"],
        Machine = new NetMachine { QemuMachine = "virt", Cpus = 3, Memory = "256M", MinMemory = "32M" },
        Exit = new ExitSpec { Device = "other-exit", IoBase = "0x501", IoSize = 2, PanicCode = 99 },
        Channels = true,
        BuiltAt = new DateTimeOffset(2026, 12, 4, 10, 30, 15, TimeSpan.FromHours(1)),
    };

    static string Serialized(NetDescription net) => JsonSerializer.Serialize(net, DiverJsonContext.Default.NetDescription);

    NetDescription LoadText(string json)
    {
        var path = Path.Combine(_dir, "n.net.json");
        File.WriteAllText(path, json);
        return NetDescription.Load(path);
    }

    [Fact]
    public void Every_property_the_build_writes_is_read_back()
    {
        var written = EveryPropertySet();
        // The fixture must set every property of every part away from its default, or a property
        // the reader skips would still compare equal.
        AssertDiffersFromDefault(written, new NetDescription());
        AssertDiffersFromDefault(written.Kernel, new NetKernel());
        AssertDiffersFromDefault(written.Machine, new NetMachine());
        AssertDiffersFromDefault(written.Exit, new ExitSpec());

        var path = Path.Combine(_dir, "hello.net.json");
        written.Save(path);

        Assert.Equal(Serialized(written), Serialized(NetDescription.Load(path)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "name": "n", "machine": { "cpus": 2 }, "unknownField": [1, {"x": null}] }""")]
    [InlineData("""{ /* a comment */ "name": "n", "deployModes": ["VM",], "exit": {}, }""")]
    [InlineData("""{ "Name": "case matters, as for the serializer", "minMemory": "ignored at the top" }""")]
    [InlineData("""{ "stagedImageXxHash128": null, "machine": { "minMemory": null } }""")]
    public void Reads_what_the_serializer_reads(string json)
    {
        var bySerializer = JsonSerializer.Deserialize(json, DiverJsonContext.Default.NetDescription)!;

        Assert.Equal(Serialized(bySerializer), Serialized(LoadText(json)));
    }

    [Theory]
    [InlineData("""{ "machine": { "cpus": "two" } }""")]
    [InlineData("""{ "name": 5 }""")]
    [InlineData("""{ "deployModes": "VM" }""")]
    [InlineData("""{ "kernel": [] }""")]
    [InlineData("""{ "builtAt": "yesterday" }""")]
    [InlineData("""{ "name": "cut off""")]
    [InlineData("[]")]
    public void A_malformed_net_is_DIVER3003_with_the_advice_to_rebuild(string json)
    {
        var e = Assert.Throws<DiverException>(() => LoadText(json));

        Assert.Equal(ErrorCodes.NetMissing, e.Code);
        Assert.Contains("is unreadable", e.Message);
        Assert.Contains("Rebuild the project with 'dotnet build'", e.Message);
    }

    static void AssertDiffersFromDefault<T>(T value, T defaults)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var set = JsonSerializer.Serialize(property.GetValue(value));
            var unset = JsonSerializer.Serialize(property.GetValue(defaults));
            Assert.True(set != unset, $"the fixture leaves {typeof(T).Name}.{property.Name} at its default");
        }
    }
}
