using System.IO.Compression;

namespace Diver.Tests.Infrastructure;

/// <summary>
/// One temporary world for the end-to-end tests: a feed holding the packed Diver packages, its
/// own NuGet packages folder, its own template hive (so 'dotnet new install' never touches the
/// user's), and a nuget.config that sees only that feed. Apps are created below it.
/// </summary>
public sealed class DiverWorkspace : IDisposable
{
    public string Root { get; }
    public string Feed { get; }
    public string Version { get; }
    public string TemplateHive { get; }
    public Dotnet Dotnet { get; }
    /// <summary>`dotnet diver`, installed from the feed on first use.</summary>
    public DiverTool Tool { get; }
    int _apps;

    public DiverWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("diver-e2e-").FullName;
        Feed = DiverFeed.CreateIn(Path.Combine(Root, "feed"), out var version);
        Version = version;
        TemplateHive = Path.Combine(Root, "template-hive");
        Dotnet = new Dotnet(Path.Combine(Root, "nuget-packages"));
        Tool = new DiverTool(this);
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="diver-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        var install = Dotnet.Run(Root, ["new", "install", Path.Combine(Feed, $"Diver.Templates.{Version}.nupkg"), "--debug:custom-hive", TemplateHive]);
        if (install.ExitCode != 0)
            throw new InvalidOperationException("Installing the templates failed:\n" + install);
    }

    /// <summary>A new app from a template, in its own folder (name must be a valid C identifier-ish name).</summary>
    public AppProject CreateApp(string name, string template = "diver-nautilus")
    {
        var dir = Path.Combine(Root, "apps", $"{Interlocked.Increment(ref _apps):00}-{name}");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var result = Dotnet.Run(Root, ["new", template, "-o", dir, "-n", name, "--debug:custom-hive", TemplateHive]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet new {template} failed:\n{result}");
        return new AppProject(this, dir, name);
    }

    /// <summary>
    /// The files under <paramref name="folder"/> (e.g. "src/") of a packed package, written below
    /// a new folder of the workspace without that prefix; returns the folder.
    /// </summary>
    public string ExtractFromPackage(string packageId, string folder, string name)
    {
        var dir = Path.Combine(Root, name);
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"{packageId}.{Version}.nupkg"));
        foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.Name.Length > 0))
        {
            var target = Path.Combine(dir, entry.FullName[folder.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
        return dir;
    }

    public void Dispose()
    {
        QemuProcesses.KillAll(Root);
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DiverWorkspaceCollection : ICollectionFixture<DiverWorkspace>
{
    public const string Name = "Diver workspace";
}
