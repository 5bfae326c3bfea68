using System.Text.Json;
using Diver.Tests.Infrastructure;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// `dotnet diver search` and `info` against a folder feed holding several kernels with different
/// tags, modes and architectures (plus one package that is not a kernel), and the bad inputs of
/// the feed commands, each with its DIVER code.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class KernelSearchTests(DiverWorkspace workspace)
{
    string SearchFeed()
    {
        var feed = Path.Combine(workspace.Root, "search-feed");
        if (Directory.Exists(feed)) return feed;
        string Rename(string m, string id) => m.Replace("Diver.Kernel.Nautilus", id);
        KernelPackageVariants.Pack(workspace, "Test.Search.Hpc", m => Rename(m, "Test.Search.Hpc"), feed, "diver-kernel hpc lwk x86_64 mode-VM");
        // A folder feed answers a row per version; search shows each kernel once, at its newest.
        KernelPackageVariants.Pack(workspace, "Test.Search.Hpc", m => Rename(m, "Test.Search.Hpc"), feed, "diver-kernel hpc lwk x86_64 mode-VM", version: "1.10.0");
        KernelPackageVariants.Pack(workspace, "Test.Search.Posix", m => Rename(m, "Test.Search.Posix").Replace("[\"VM\"]", "[\"VM\", \"SplitVM\"]"), feed,
            "diver-kernel unikernel posix x86_64 mode-VM mode-SplitVM");
        KernelPackageVariants.Pack(workspace, "Test.Search.Arm", m => Rename(m, "Test.Search.Arm").Replace("\"x86_64\"", "\"aarch64\""), feed,
            "diver-kernel hpc aarch64 mode-VM");
        KernelPackageVariants.Pack(workspace, "Test.Search.Library", m => Rename(m, "Test.Search.Library"), feed, "hpc x86_64 library");
        return feed;
    }

    IReadOnlyList<string> SearchIds(params string[] args)
    {
        var result = workspace.Tool.Run(workspace.Root, ["search", .. args, "--source", SearchFeed(), "--format", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput);
        return json.RootElement.GetProperty("searchResult").EnumerateArray()
            .SelectMany(s => s.GetProperty("packages").EnumerateArray())
            .Select(p => p.GetProperty("id").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void Search_lists_kernels_only_and_filters_by_tag_mode_arch_and_terms()
    {
        Assert.Equal(["Test.Search.Arm", "Test.Search.Hpc", "Test.Search.Posix"], SearchIds());
        Assert.Equal(["Test.Search.Arm", "Test.Search.Hpc"], SearchIds("--tag", "hpc"));
        Assert.Equal(["Test.Search.Hpc"], SearchIds("--tag", "hpc", "--arch", "x86_64"));
        Assert.Equal(["Test.Search.Hpc"], SearchIds("--tag", "hpc", "--tag", "lwk"));
        Assert.Equal(["Test.Search.Posix"], SearchIds("--mode", "SplitVM"));
        Assert.Equal(["Test.Search.Posix"], SearchIds("posix"));
        Assert.Empty(SearchIds("--tag", "no-such-tag"));
    }

    [Fact]
    public void Search_table_is_shaped_like_dotnet_package_search()
    {
        var result = workspace.Tool.Run(workspace.Root, "search", "--tag", "hpc", "--source", SearchFeed());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Source: ", result.StandardOutput);
        Assert.Matches(@"\| Package ID\s+\| Latest Version\s+\| Modes\s+\| Arch\s+\| Tags\s+\|", result.StandardOutput);
        Assert.Matches(@"\| Test\.Search\.Hpc\s+\| 1\.10\.0\s+\| VM\s+\| x86_64\s+\|", result.StandardOutput);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.StandardOutput, @"\| Test\.Search\.Hpc "));
    }

    [Fact]
    public void Search_over_configured_sources_finds_the_shipped_kernel()
    {
        var result = workspace.Tool.Run(workspace.Root, "search", "nautilus");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Diver.Kernel.Nautilus", result.StandardOutput);
        Assert.DoesNotContain("Diver.Sdk", result.StandardOutput);
    }

    [Fact]
    public void Info_describes_the_manifest_in_words()
    {
        var result = workspace.Tool.Run(workspace.Root, "info", $"Diver.Kernel.Nautilus@{workspace.Version}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Architecture:   x86_64", result.StandardOutput);
        Assert.Contains("Deploy modes:   VM", result.StandardOutput);
        Assert.Contains("default (default)", result.StandardOutput);
        Assert.Contains("debug", result.StandardOutput);
        Assert.Contains("nautilus/nautilus.h", result.StandardOutput);
        Assert.Contains("int main(int argc, char **argv)", result.StandardOutput);
    }

    [Fact]
    public void Corrupt_package_in_a_folder_feed_hides_none_of_the_kernels_beside_it()
    {
        var feed = Path.Combine(workspace.Root, "corrupt-feed");
        KernelPackageVariants.Pack(workspace, "Test.Corrupt.Good", m => m.Replace("Diver.Kernel.Nautilus", "Test.Corrupt.Good"), feed, "diver-kernel x86_64 mode-VM");
        var good = Path.Combine(feed, "Test.Corrupt.Good.1.0.0.nupkg");
        // A truncated upload: the zip's central directory is missing.
        File.WriteAllBytes(Path.Combine(feed, "Test.Broken.Upload.1.0.0.nupkg"), File.ReadAllBytes(good)[..4096]);

        var table = workspace.Tool.Run(workspace.Root, "search", "--source", feed);
        var json = workspace.Tool.Run(workspace.Root, "search", "--source", feed, "--format", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"\| Test\.Corrupt\.Good\s+\| 1\.0\.0\s+\|", table.StandardOutput);
        Assert.Contains("warning DIVER4201: ", table.StandardOutput);
        Assert.Contains("Test.Broken.Upload.1.0.0.nupkg is not a readable package", table.StandardOutput);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.StandardOutput);
        var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("Warning", problem.GetProperty("problemType").GetString());
        Assert.Contains("Test.Broken.Upload.1.0.0.nupkg", problem.GetProperty("text").GetString());
        Assert.Equal("Test.Corrupt.Good", doc.RootElement.GetProperty("searchResult")[0].GetProperty("packages")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Search_fails_when_no_configured_source_can_be_read_and_warns_when_some_cannot()
    {
        var dead = $"https://127.0.0.1:{Infrastructure.V3Feed.FreePort.Pick()}/v3/index.json";
        var allDead = Directory.CreateDirectory(Path.Combine(workspace.Root, "dead-sources")).FullName;
        File.WriteAllText(Path.Combine(allDead, "nuget.config"), SourcesConfig(("dead-server", dead), ("missing-folder", Path.Combine(allDead, "no-such-folder"))));
        var someDead = Directory.CreateDirectory(Path.Combine(workspace.Root, "some-dead-sources")).FullName;
        File.WriteAllText(Path.Combine(someDead, "nuget.config"), SourcesConfig(("dead-server", dead), ("kernels", SearchFeed())));

        var none = workspace.Tool.Run(allDead, "search");
        var some = workspace.Tool.Run(someDead, "search", "--tag", "lwk");

        AssertFailedWith(none, "DIVER4200", "No feed could be read");
        Assert.Contains("dead-server", none.StandardError);
        Assert.Contains("missing-folder", none.StandardError);
        Assert.True(some.ExitCode == 0, some.ToString());
        Assert.Contains("warning: dead-server", some.StandardOutput);
        Assert.Matches(@"\| Test\.Search\.Hpc\s+\| 1\.10\.0\s+\|", some.StandardOutput);
    }

    static string SourcesConfig(params (string Name, string Source)[] sources) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
        {string.Join("\n", sources.Select(s => $"    <add key=\"{s.Name}\" value=\"{s.Source}\" />"))}
          </packageSources>
        </configuration>
        """;

    [Fact]
    public void Feed_that_does_not_exist_is_refused()
    {
        var result = workspace.Tool.Run(workspace.Root, "search", "--source", Path.Combine(workspace.Root, "no-such-feed"));

        AssertFailedWith(result, "DIVER4001", "does not exist");
    }

    [Fact]
    public void Package_that_is_not_a_kernel_is_refused()
    {
        var result = workspace.Tool.Run(workspace.Root, "info", "Diver.Sdk");

        AssertFailedWith(result, "DIVER4002", "is not a Diver kernel");
    }

    [Fact]
    public void Fork_target_in_no_feed_is_refused()
    {
        var result = workspace.Tool.Run(workspace.Root, "fork", "No.Such.Kernel", "-o", Path.Combine(workspace.Root, "forks", "nothing"));

        AssertFailedWith(result, "DIVER4003", "is in none of the feeds");
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "forks", "nothing")));
    }

    [Fact]
    public void Fork_of_a_kernel_without_source_is_refused()
    {
        var feed = Path.Combine(workspace.Root, "nosource-feed");
        KernelPackageVariants.Pack(workspace, "Test.Kernel.NoSource", m => m.Replace("Diver.Kernel.Nautilus", "Test.Kernel.NoSource"), feed,
            "diver-kernel x86_64 mode-VM", dir => Directory.Delete(Path.Combine(dir, "src"), recursive: true));

        var result = workspace.Tool.Run(workspace.Root, "fork", "Test.Kernel.NoSource", "-o", Path.Combine(workspace.Root, "forks", "nosource"), "--source", feed);

        AssertFailedWith(result, "DIVER4006", "carries no kernel project under src/");
    }

    [Fact]
    public void Kernel_built_for_another_arch_is_refused_at_build()
    {
        var app = workspace.CreateApp("otherarch");
        var arm = KernelPackageVariants.Pack(workspace, "Test.Kernel.Arm", m => m.Replace("Diver.Kernel.Nautilus", "Test.Kernel.Arm").Replace("\"x86_64\"", "\"aarch64\""));
        app.EditProject(p => AddReference(RemoveKernelReference(p), arm));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1406", "built for 'aarch64'");
    }
}
