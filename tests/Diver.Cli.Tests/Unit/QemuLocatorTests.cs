using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public sealed class QemuLocatorTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("diver-locator-").FullName;

    string FakeQemu(string name = QemuLocator.DefaultName)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void ExplicitPathWins() =>
        Assert.Equal(FakeQemu("mine"), QemuLocator.Find(Path.Combine(dir, "mine"), "/nonexistent/env", dir));

    [Fact]
    public void EnvironmentBeatsPath() =>
        Assert.Equal(FakeQemu("env"), QemuLocator.Find(null, Path.Combine(dir, "env"), "/nonexistent"));

    [Fact]
    public void SearchesPath() =>
        Assert.Equal(FakeQemu(), QemuLocator.Find(null, null, $"/nonexistent:{dir}"));

    [Theory]
    [InlineData("/nonexistent/qemu", null, "--qemu")]
    [InlineData(null, "/nonexistent/qemu", "DIVER_QEMU")]
    [InlineData(null, null, "PATH")]
    public void MissingQemuIsDiver3002AndSaysWhereItLooked(string? explicitPath, string? env, string origin)
    {
        var e = Assert.Throws<DiverException>(() => QemuLocator.Find(explicitPath, env, "/nonexistent"));
        Assert.Equal(ErrorCodes.QemuMissing, e.Code);
        Assert.Contains(origin, e.Message);
        Assert.Contains("apt-get install qemu-system-x86", e.Message);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
