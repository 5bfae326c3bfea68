using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Diver.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, driven by Selenium through Debian's chromedriver (build/install-deps.sh
/// installs both). The paths are given, so Selenium Manager never looks for (or downloads) a
/// browser; each session has its own profile folder, removed on dispose.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    const string Browser = "/usr/bin/chromium";
    const string Driver = "/usr/bin/chromedriver";

    readonly string _profile = Directory.CreateTempSubdirectory("diver-chromium-").FullName;

    public ChromeDriver Page { get; }

    public HeadlessChromium()
    {
        if (!File.Exists(Browser) || !File.Exists(Driver))
            throw new InvalidOperationException($"{Browser} or {Driver} is missing: run build/install-deps.sh (Debian packages chromium, chromium-driver).");
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        // Headless Chromium as root needs --no-sandbox; no GPU on this kind of machine.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={_profile}", "--window-size=1280,900");
        Page = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
    }

    /// <summary>The viewport of a desktop browser or of a phone (DevTools device metrics: headless windows have a minimum width).</summary>
    public void Viewport(int width, int height, bool phone)
    {
        Page.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = phone ? 2 : 1, ["mobile"] = phone,
        });
    }

    public T Script<T>(string script, params object[] args) => (T)Page.ExecuteScript(script, args)!;

    /// <summary>
    /// A PNG of the whole page at the given width, kept as a test artifact under
    /// artifacts/test-results/catalog-screenshots (the viewport grows to the page's height first).
    /// </summary>
    public string Screenshot(string name, int width, bool phone)
    {
        Viewport(width, 800, phone);
        var height = (int)Math.Min(Script<long>("return document.documentElement.scrollHeight;"), 8000);
        Viewport(width, height, phone);
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "test-results", "catalog-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        Page.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Page.Quit();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
    }
}
