using Diver.Tests.Infrastructure;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// packages.lock.json pins a kernel package by content hash: a locked restore works, and a
/// package whose content changed under the same id and version is refused.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class LockedRestoreTests(DiverWorkspace workspace)
{
    [Fact]
    public void Locked_restore_works_and_refuses_a_tampered_kernel_package()
    {
        const string id = "Test.Kernel.Locked";
        var feed = Path.Combine(workspace.Root, "locked-feed");
        string Rename(string m) => m.Replace("Diver.Kernel.Nautilus", id);
        KernelPackageVariants.Pack(workspace, id, Rename, feed, "diver-kernel x86_64 mode-VM");

        var app = workspace.CreateApp("locked");
        app.EditProject(p => AddReference(RemoveKernelReference(p), id)
            .Replace("</Project>", "  <PropertyGroup><RestorePackagesWithLockFile>true</RestorePackagesWithLockFile></PropertyGroup>\n</Project>"));
        var sources = new[] { "--source", workspace.Feed, "--source", feed };

        var first = app.Build(sources);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains(id, app.Read("packages.lock.json"));
        Assert.Contains("contentHash", app.Read("packages.lock.json"));
        var locked = workspace.Dotnet.Run(app.Directory, ["restore", "--locked-mode", .. sources]);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        var lockedBuild = app.Build("--no-restore");
        Assert.True(lockedBuild.ExitCode == 0, lockedBuild.ToString());

        // Same id and version, one byte of content changed, restored into an empty packages folder.
        KernelPackageVariants.Pack(workspace, id, Rename, feed, "diver-kernel x86_64 mode-VM",
            dir => File.AppendAllText(Path.Combine(dir, "README.md"), "\ntampered\n"));
        var freshCache = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(workspace.Root, "nuget-packages-locked") };
        var tampered = workspace.Dotnet.Run(app.Directory, ["restore", "--locked-mode", "--force", .. sources], freshCache);

        Assert.True(tampered.ExitCode != 0, "a tampered package must be refused\n" + tampered);
        Assert.Contains("NU1403", tampered.Output);
        Assert.Contains(id, tampered.Output);
    }
}
