using System.Security.Cryptography;
using Diver.Tests.Infrastructure;
using Diver.Tests.Infrastructure.V3Feed;
using OpenQA.Selenium;
using Xunit.Abstractions;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// `dotnet diver catalog`: the static site made from a folder feed of several kernels (tags,
/// modes, arches and versions differ; one package is broken), opened from file:// in a real
/// headless Chromium: search and filters, the kernel page, the copy buttons, phone width,
/// keyboard and landmarks. Then refreshing, which must rewrite only what changed.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class CatalogTests(DiverWorkspace workspace, ITestOutputHelper output)
{
    const string HpcReadme = """
        # Hpc test kernel

        The **HPC** variant, for the catalog's tests.

        ```c
        int main(int argc, char **argv) { return 0; }
        ```

        <script>alert('raw HTML in a README stays text')</script>
        """;

    static string Rename(string manifest, string id) => manifest.Replace("Diver.Kernel.Nautilus", id);

    string BrowseFeed()
    {
        var feed = Path.Combine(workspace.Root, "catalog-feed");
        if (Directory.Exists(feed)) return feed;
        void Readme(string dir) => File.WriteAllText(Path.Combine(dir, "README.md"), HpcReadme);
        KernelPackageVariants.Pack(workspace, "Test.Catalog.Hpc", m => Rename(m, "Test.Catalog.Hpc"), feed, "diver-kernel hpc lwk x86_64 mode-VM", Readme);
        KernelPackageVariants.Pack(workspace, "Test.Catalog.Hpc", m => Rename(m, "Test.Catalog.Hpc"), feed, "diver-kernel hpc lwk x86_64 mode-VM", Readme, version: "1.10.0");
        KernelPackageVariants.Pack(workspace, "Test.Catalog.Posix", m => Rename(m, "Test.Catalog.Posix").Replace("[\"VM\"]", "[\"VM\", \"SplitVM\"]"), feed,
            "diver-kernel unikernel posix x86_64 mode-VM mode-SplitVM");
        KernelPackageVariants.Pack(workspace, "Test.Catalog.Arm", m => Rename(m, "Test.Catalog.Arm").Replace("\"x86_64\"", "\"aarch64\""), feed,
            "diver-kernel hpc aarch64 mode-VM");
        KernelPackageVariants.Pack(workspace, "Test.Catalog.Library", m => Rename(m, "Test.Catalog.Library"), feed, "hpc x86_64 library");
        // A truncated upload: no zip central directory.
        File.WriteAllBytes(Path.Combine(feed, "Test.Broken.Catalog.1.0.0.nupkg"), File.ReadAllBytes(Path.Combine(feed, "Test.Catalog.Arm.1.0.0.nupkg"))[..4096]);
        return feed;
    }

    [Fact]
    public void Catalog_site_works_offline_in_a_browser_search_filters_pages_and_copy_buttons()
    {
        var site = Path.Combine(workspace.Root, "catalog-site");
        var result = workspace.Tool.Run(workspace.Root, "catalog", "-o", site, "--source", BrowseFeed());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning DIVER4201: ", result.StandardError);
        Assert.Contains("Test.Broken.Catalog.1.0.0.nupkg", result.StandardError);
        Assert.Equal(["assets/catalog.css", "assets/catalog.js", "index.html", "kernels/test.catalog.arm.html", "kernels/test.catalog.hpc.html", "kernels/test.catalog.posix.html"],
            SiteFiles(site).Keys.Order(StringComparer.Ordinal));
        // Offline: every script and stylesheet is the site's own, by a relative path.
        foreach (var page in Directory.EnumerateFiles(site, "*.html", SearchOption.AllDirectories).Select(File.ReadAllText))
        {
            Assert.DoesNotMatch("<(script|link|img|iframe)[^>]*(src|href)=\"(https?:)?//", page);
            Assert.DoesNotContain("@import", page);
        }
        Assert.DoesNotMatch("https?://", File.ReadAllText(Path.Combine(site, "assets", "catalog.css")) + File.ReadAllText(Path.Combine(site, "assets", "catalog.js")));

        using var browser = new HeadlessChromium();
        var index = new Uri(Path.Combine(site, "index.html")).AbsoluteUri;
        browser.Page.Navigate().GoToUrl(index);
        Assert.Equal(["Test.Catalog.Arm", "Test.Catalog.Hpc", "Test.Catalog.Posix"], Visible(browser));
        Assert.Contains("1.10.0", browser.Page.FindElement(By.Id("k-test-catalog-hpc")).Text);
        AssertAccessible(browser);
        AssertKeyboardReachesFilters(browser);

        var search = browser.Page.FindElement(By.Id("q"));
        search.SendKeys("posix");
        Assert.Equal(["Test.Catalog.Posix"], Visible(browser));
        Assert.Equal("1 of 3 kernels shown.", browser.Page.FindElement(By.Id("count")).Text);
        search.Clear();
        search.SendKeys("no-such-kernel");
        Assert.Empty(Visible(browser));
        Assert.True(browser.Page.FindElement(By.Id("none")).Displayed);
        search.Clear();
        search.SendKeys(Keys.Backspace); // an input event, so the list follows the cleared box
        Assert.Equal(3, Visible(browser).Count);
        Choose(browser, "mode", "SplitVM");
        Assert.Equal(["Test.Catalog.Posix"], Visible(browser));
        Choose(browser, "mode", "");
        Choose(browser, "arch", "aarch64");
        Assert.Equal(["Test.Catalog.Arm"], Visible(browser));
        Choose(browser, "arch", "");
        Choose(browser, "tag", "lwk");
        Assert.Equal(["Test.Catalog.Hpc"], Visible(browser));
        Choose(browser, "tag", "");

        AssertFitsPhone(browser, "catalog-index");

        browser.Page.Navigate().GoToUrl(index);
        browser.Page.FindElement(By.LinkText("Test.Catalog.Hpc")).Click();
        var body = browser.Page.FindElement(By.TagName("main")).Text;
        Assert.StartsWith("Test.Catalog.Hpc 1.10.0", browser.Page.FindElement(By.TagName("h1")).Text);
        Assert.Equal(["1.10.0", "1.0.0"], browser.Page.FindElements(By.CssSelector("section[aria-labelledby=versions] tbody td:first-child")).Select(e => e.Text));
        var configs = browser.Page.FindElements(By.CssSelector("section[aria-labelledby=configs] tbody tr")).Select(e => e.Text).ToList();
        Assert.Contains(configs, c => c.StartsWith("default (default)", StringComparison.Ordinal));
        Assert.Contains(configs, c => c.StartsWith("debug", StringComparison.Ordinal));
        Assert.All(configs, c => Assert.True(c.Split(' ', 2).Length == 2 && c.Length > "default (default) ".Length, $"config without description: {c}"));
        Assert.Contains("nautilus/nautilus.h", body);
        Assert.Contains("pvh", body);
        Assert.Contains("int main(int argc, char **argv)", body);
        Assert.Matches(@"Exported symbols\s+[0-9]", body);
        // The README, rendered by Markdig below the page's own headings; raw HTML in it is text.
        Assert.Equal("Hpc test kernel", browser.Page.FindElement(By.CssSelector(".readme h3")).Text);
        Assert.Equal("HPC", browser.Page.FindElement(By.CssSelector(".readme strong")).Text);
        Assert.Contains("return 0;", browser.Page.FindElement(By.CssSelector(".readme pre code")).Text);
        Assert.Empty(browser.Page.FindElements(By.CssSelector(".readme script")));
        AssertAccessible(browser);

        Assert.Equal("<PackageReference Include=\"Test.Catalog.Hpc\" Version=\"1.10.0\" />", CopyText(browser, "packageref"));
        Assert.Equal("dotnet diver fork Test.Catalog.Hpc@1.10.0 -o MyHpc", CopyText(browser, "fork"));
        var newApp = CopyText(browser, "new");
        Assert.Equal("dotnet new diver-nautilus -o MyApp --Kernel Test.Catalog.Hpc --KernelVersion 1.10.0", newApp);
        browser.Page.FindElement(By.Id("packageref-copy")).Click();
        WaitFor(() => browser.Page.FindElement(By.CssSelector("#packageref-copy + .copy-status")).Text == "Copied.", "the copy button to report Copied.");
        AssertFitsPhone(browser, "catalog-kernel");

        // The copied command does start an app on that kernel.
        var folder = Directory.CreateDirectory(Path.Combine(workspace.Root, "apps", "from-catalog")).FullName;
        var created = workspace.Dotnet.Run(folder, [.. newApp.Split(' ')[1..], "--debug:custom-hive", workspace.TemplateHive]);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("<PackageReference Include=\"Test.Catalog.Hpc\" Version=\"1.10.0\" />", File.ReadAllText(Path.Combine(folder, "MyApp", "MyApp.diverproj")));
    }

    [Fact]
    public void Catalog_of_a_V3_server_shows_download_counts()
    {
        using var server = new V3FeedServer(output.WriteLine);
        foreach (var package in new[] { "Test.Catalog.Hpc.1.0.0", "Test.Catalog.Hpc.1.10.0", "Test.Catalog.Posix.1.0.0", "Test.Catalog.Library.1.0.0" })
            Assert.True(server.Store.TryAdd(File.ReadAllBytes(Path.Combine(BrowseFeed(), package + ".nupkg")), out _), package);
        var team = Directory.CreateDirectory(Path.Combine(workspace.Root, $"catalog-v3-{server.Port}")).FullName;
        File.WriteAllText(Path.Combine(team, "nuget.config"), server.NuGetConfig("team-v3"));
        var site = Path.Combine(team, "site");

        var result = workspace.Tool.Run(team, "catalog", "-o", site);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Catalog of 2 kernel(s) from 1 source(s)", result.StandardOutput);
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        Assert.Contains("<dt>Downloads</dt><dd>0</dd>", index);
        Assert.DoesNotContain("Test.Catalog.Library", index);
        var hpc = File.ReadAllText(Path.Combine(site, "kernels", "test.catalog.hpc.html"));
        Assert.Contains("<th scope=\"col\">Downloads</th>", hpc);
        Assert.Matches("<tr><td>1.10.0</td><td>0</td></tr><tr><td>1.0.0</td><td>0</td></tr>", hpc);
        Assert.Contains(server.Requests, r => r.Contains("/flatcontainer/", StringComparison.OrdinalIgnoreCase) || r.Contains(".nupkg", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_rewrites_only_what_changed()
    {
        var feed = Path.Combine(workspace.Root, "refresh-feed");
        KernelPackageVariants.Pack(workspace, "Test.Refresh.Hpc", m => Rename(m, "Test.Refresh.Hpc"), feed, "diver-kernel hpc x86_64 mode-VM");
        KernelPackageVariants.Pack(workspace, "Test.Refresh.Posix", m => Rename(m, "Test.Refresh.Posix"), feed, "diver-kernel posix x86_64 mode-VM");
        var site = Path.Combine(workspace.Root, "refresh-site");
        CommandResult Catalog() => workspace.Tool.Run(workspace.Root, "catalog", "-o", site, "--source", feed);

        var first = Catalog();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("5 file(s) written, 0 unchanged, 0 removed", first.StandardOutput);
        var before = SiteFiles(site);

        var same = Catalog();
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("0 file(s) written, 5 unchanged, 0 removed", same.StandardOutput);
        Assert.Equal(before, SiteFiles(site));

        KernelPackageVariants.Pack(workspace, "Test.Refresh.Hpc", m => Rename(m, "Test.Refresh.Hpc"), feed, "diver-kernel hpc x86_64 mode-VM", version: "2.0.0");
        var newer = Catalog();
        Assert.True(newer.ExitCode == 0, newer.ToString());
        var after = SiteFiles(site);
        Assert.Equal(["index.html", "kernels/test.refresh.hpc.html"], Changed(before, after));
        Assert.Contains("2.0.0", File.ReadAllText(Path.Combine(site, "kernels", "test.refresh.hpc.html")));

        File.Delete(Path.Combine(feed, "Test.Refresh.Posix.1.0.0.nupkg"));
        var gone = Catalog();
        Assert.True(gone.ExitCode == 0, gone.ToString());
        Assert.Contains("1 removed", gone.StandardOutput);
        Assert.False(File.Exists(Path.Combine(site, "kernels", "test.refresh.posix.html")));
        Assert.Equal(["index.html"], Changed(after, SiteFiles(site)).Where(f => f != "kernels/test.refresh.posix.html"));
    }

    [Fact]
    public void Catalog_refuses_an_output_that_is_a_file_and_feeds_that_cannot_be_read()
    {
        var file = Path.Combine(workspace.Root, "catalog-output-file");
        File.WriteAllText(file, "not a folder");
        var dead = $"https://127.0.0.1:{Infrastructure.V3Feed.FreePort.Pick()}/v3/index.json";
        var unwritten = Path.Combine(workspace.Root, "catalog-never-written");

        var onFile = workspace.Tool.Run(workspace.Root, "catalog", "-o", file, "--source", BrowseFeed());
        var unreachable = workspace.Tool.Run(workspace.Root, "catalog", "-o", unwritten, "--source", dead);
        var noOutput = workspace.Tool.Run(workspace.Root, "catalog", "--source", BrowseFeed());

        AssertFailedWith(onFile, "DIVER4202", "is a file");
        AssertFailedWith(unreachable, "DIVER4200", "No feed could be read");
        Assert.False(Directory.Exists(unwritten));
        AssertFailedWith(noOutput, "DIVER3010", "needs -o");
    }

    static IReadOnlyList<string> Visible(HeadlessChromium browser) =>
        browser.Page.FindElements(By.CssSelector("li.kernel")).Where(e => e.Displayed)
            .Select(e => e.FindElement(By.CssSelector("h2 a")).Text).Order(StringComparer.Ordinal).ToList();

    static void Choose(HeadlessChromium browser, string select, string value)
    {
        // Keyboard-free but real: the option is clicked, which fires the change event as a person's choice does.
        browser.Page.FindElement(By.CssSelector($"#{select} option[value='{value}']")).Click();
    }

    static string CopyText(HeadlessChromium browser, string id) =>
        browser.Page.FindElement(By.Id($"{id}-copy")).GetDomAttribute("data-copy") ?? "";

    /// <summary>Landmarks, one h1, and a label for every form control.</summary>
    static void AssertAccessible(HeadlessChromium browser)
    {
        Assert.Single(browser.Page.FindElements(By.CssSelector("body > header")));
        Assert.Single(browser.Page.FindElements(By.CssSelector("main#main")));
        Assert.Single(browser.Page.FindElements(By.CssSelector("body > footer")));
        Assert.Single(browser.Page.FindElements(By.TagName("h1")));
        Assert.Equal(0L, browser.Script<long>("return Array.from(document.querySelectorAll('input, select')).filter(e => e.labels.length === 0).length;"));
        Assert.Equal("en", browser.Page.FindElement(By.TagName("html")).GetDomAttribute("lang"));
    }

    static void AssertKeyboardReachesFilters(HeadlessChromium browser)
    {
        var reached = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            new OpenQA.Selenium.Interactions.Actions(browser.Page).SendKeys(Keys.Tab).Perform();
            reached.Add(browser.Script<string>("return document.activeElement.id || document.activeElement.className;"));
        }
        var filters = reached.Where(id => id is "q" or "tag" or "mode" or "arch").ToList();
        Assert.True(filters.SequenceEqual(["q", "tag", "mode", "arch"]), "Tab order: " + string.Join(", ", reached));
        Assert.Equal("skip", reached[0]);
    }

    /// <summary>At 390 CSS pixels (a phone) nothing scrolls sideways; screenshots at both widths are kept.</summary>
    static void AssertFitsPhone(HeadlessChromium browser, string name)
    {
        browser.Screenshot(name + "-desktop", 1280, phone: false);
        browser.Screenshot(name + "-phone", 390, phone: true);
        var width = browser.Script<long>("return document.documentElement.scrollWidth;");
        var offenders = browser.Script<string>("""
            return Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
              && !e.closest('pre, .scroll')).slice(0, 5).map(e => e.tagName + ' ' + e.textContent.slice(0, 40)).join(' | ');
            """);
        Assert.True(width <= 390, $"the page is {width} px wide at phone width: {offenders}");
        browser.Viewport(1280, 900, phone: false);
    }

    static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting for " + what);
            Thread.Sleep(100);
        }
    }

    /// <summary>Each file of the site: its content hash and mtime, so a test sees both rewrites and untouched files.</summary>
    static Dictionary<string, (string Hash, DateTime Modified)> SiteFiles(string site) =>
        Directory.EnumerateFiles(site, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(site, f).Replace('\\', '/'),
            f => (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f)));

    static IReadOnlyList<string> Changed(Dictionary<string, (string Hash, DateTime Modified)> before, Dictionary<string, (string Hash, DateTime Modified)> after) =>
        after.Where(f => !before.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k)))
            .Order(StringComparer.Ordinal).ToList();
}
