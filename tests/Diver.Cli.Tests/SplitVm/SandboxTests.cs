using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

public class SandboxTests
{
    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("in/../../outside/secret.txt")]
    [InlineData("out/secret.txt")]
    [InlineData("out")]
    [InlineData("dangling")]
    public void EscapesAreRefused(string guestPath)
    {
        using var folder = new SandboxFolder();
        var (host, errno) = new Sandbox(folder.Root).Resolve(guestPath);
        Assert.Null(host);
        Assert.Equal(Errno.EACCES, errno);
    }

    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("/a.txt", "a.txt")]
    [InlineData("in/../a.txt", "a.txt")]
    [InlineData("./in//b", "in/b")]
    [InlineData("inlink/c", "inlink/c")]
    public void PathsInsideResolveUnderTheRoot(string guestPath, string expected)
    {
        using var folder = new SandboxFolder();
        var sandbox = new Sandbox(folder.Root);
        var (host, errno) = sandbox.Resolve(guestPath);
        Assert.Equal(0, errno);
        Assert.Equal(Path.Combine(sandbox.Root, expected), host);
    }

    [Fact]
    public void AbsolutePathsNameFilesInsideTheSandbox()
    {
        using var folder = new SandboxFolder();
        var sandbox = new Sandbox(folder.Root);
        // The host path of the secret, seen from the guest, is a path under the sandbox that does not exist.
        Assert.Equal((null, Errno.ENOENT), sandbox.Resolve(Path.Combine(folder.Outside, "secret.txt")));
    }
}
