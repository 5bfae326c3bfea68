using Diver.Tests.Infrastructure;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// The kernel ecosystem loop end to end: fork the shipped kernel, change a line, pack, push to a
/// temporary feed, find it with search --tag, build and run an app on it, see it in list.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class KernelForkTests(DiverWorkspace workspace)
{
    [Fact]
    public void Fork_change_pack_push_search_build_run_and_list()
    {
        const string forkId = "Test.Kernel.Forked";
        var forkDir = Path.Combine(workspace.Root, "forks", forkId);
        var pushFeed = Directory.CreateDirectory(Path.Combine(workspace.Root, "fork-feed")).FullName;

        var fork = workspace.Tool.Run(workspace.Root, "fork", $"Diver.Kernel.Nautilus@{workspace.Version}", "-o", forkDir);
        Assert.True(fork.ExitCode == 0, fork.ToString());
        var project = Path.Combine(forkDir, forkId + ".diverproj");
        Assert.True(File.Exists(project), "no project at " + project);
        Assert.Contains($"<PackageId>{forkId}</PackageId>", File.ReadAllText(project));
        Assert.Contains($"Sdk=\"Diver.Sdk/{workspace.Version}\"", File.ReadAllText(project));
        Assert.Contains($"\"id\": \"{forkId}\"", File.ReadAllText(Path.Combine(forkDir, "diver", "kernel.json")));

        // One line of the kernel changes, and one tag to find the fork by.
        Edit(Path.Combine(forkDir, "src", "init.c"), "return NAUTILUS_VERSION_STRING;", "return \"forked-0.1\";");
        Edit(project, "<PackageTags>", "<PackageTags>forked-by-test ");

        var pack = workspace.Dotnet.Run(forkDir, ["pack", "-c", "Release", "-o", Path.Combine(forkDir, "out-pkg"), "-p:Version=1.0.0"]);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var push = workspace.Dotnet.Run(forkDir, ["nuget", "push", Path.Combine(forkDir, "out-pkg", $"{forkId}.1.0.0.nupkg"), "--source", pushFeed]);
        Assert.True(push.ExitCode == 0, push.ToString());

        var search = workspace.Tool.Run(workspace.Root, "search", "--tag", "forked-by-test", "--source", pushFeed);
        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains(forkId, search.StandardOutput);

        var app = workspace.CreateApp("onfork");
        app.EditProject(p => AddReference(RemoveKernelReference(p), forkId, "1.0.0"));
        app.Write("main.c", """
            #include <stdio.h>
            #include <nautilus/nautilus.h>
            int main(void) {
                printf("kernel says %s\n", nautilus_version());
                return 7;
            }
            """);
        var sources = new[] { "--source", workspace.Feed, "--source", pushFeed };
        var build = app.Build(sources);
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = workspace.Dotnet.Run(app.Directory, ["run", "--no-build", "-p:RunTimeout=120"]);
        Assert.True(run.ExitCode == 7, run.ToString());
        Assert.Contains("kernel says forked-0.1", run.StandardOutput);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));

        var list = workspace.Tool.Run(app.Directory, "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("onfork", list.StandardOutput);
        Assert.Contains($"{forkId}@1.0.0:default", list.StandardOutput);
    }

    [Fact]
    public void Fork_into_a_folder_that_is_not_empty_is_refused()
    {
        var dir = Directory.CreateDirectory(Path.Combine(workspace.Root, "forks", "busy")).FullName;
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");

        var fork = workspace.Tool.Run(workspace.Root, "fork", "Diver.Kernel.Nautilus", "-o", dir);

        AssertFailedWith(fork, "DIVER4004", "is not empty");
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "keep.txt")));
    }

    [Fact]
    public void Fork_onto_an_existing_file_is_refused_in_words()
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(workspace.Root, "forks")).FullName, "a-file");
        File.WriteAllText(file, "mine");

        var fork = workspace.Tool.Run(workspace.Root, "fork", "Diver.Kernel.Nautilus", "-o", file);

        AssertFailedWith(fork, "DIVER4004", "is a file, not a folder");
        Assert.DoesNotContain("DIVER9999", fork.ToString());
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Info_on_a_truncated_package_is_diver4008()
    {
        var feed = Directory.CreateDirectory(Path.Combine(workspace.Root, "truncated-feed")).FullName;
        var name = $"Diver.Kernel.Nautilus.{workspace.Version}.nupkg";
        var bytes = File.ReadAllBytes(Path.Combine(workspace.Feed, name));
        File.WriteAllBytes(Path.Combine(feed, name.ToLowerInvariant()), bytes[..(bytes.Length / 2)]);

        var info = workspace.Tool.Run(workspace.Root, "info", $"Diver.Kernel.Nautilus@{workspace.Version}", "--source", feed);

        AssertFailedWith(info, "DIVER4008", "damaged or truncated");
        Assert.DoesNotContain("DIVER9999", info.ToString());
    }

    /// <summary>
    /// A fork carries the platform with every architecture folder it has; a port adds one
    /// (platform/arch/aarch64) beside x86_64. Each kernel must compile only the folder its
    /// PlatformArch names, whatever the SDK's default globs find.
    /// </summary>
    [Theory]
    [InlineData("Diver.Kernel.Nautilus")]
    [InlineData("Diver.Kernel.Posix")]
    public void A_fork_compiles_only_its_own_architecture_folder(string kernel)
    {
        var forkDir = Path.Combine(workspace.Root, "forks", kernel + ".TwoArches");
        var fork = workspace.Tool.Run(workspace.Root, "fork", $"{kernel}@{workspace.Version}", "-o", forkDir);
        Assert.True(fork.ExitCode == 0, fork.ToString());
        var otherArch = Path.Combine(forkDir, "platform", "arch", "aarch64");
        Assert.True(Directory.Exists(Path.Combine(forkDir, "platform", "arch", "x86_64")), "the fork has no platform/arch/x86_64");
        Directory.CreateDirectory(Path.Combine(otherArch, "boot"));
        File.WriteAllText(Path.Combine(otherArch, "boot", "entry.S"), "#error aarch64 code in an x86_64 build\n");
        File.WriteAllText(Path.Combine(otherArch, "boot", "start.c"), "#error aarch64 code in an x86_64 build\n");

        var items = workspace.Dotnet.Run(forkDir, ["msbuild", "-restore", "-getItem:CSource", "-nologo"]);

        Assert.True(items.ExitCode == 0, items.ToString());
        var sources = items.StandardOutput.Replace('\\', '/');
        Assert.Contains("arch/x86_64/", sources);
        Assert.DoesNotContain("arch/aarch64", sources);
    }

    static void Edit(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }
}
