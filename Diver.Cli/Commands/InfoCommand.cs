#if DIVER_FEEDS
using Diver.Cli.Feeds;
using Diver.Manifest;
#endif

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver info &lt;id&gt;[@version] [--source S]`: a kernel's manifest in words (configs,
/// deploy modes, arch, headers, entry contract), read from the package in the feed, so a user
/// can judge a kernel before referencing it.
/// </summary>
internal static class InfoCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var parsed = CommandArguments.Parse("info", args, ["--source"]);
        if (parsed.ShowHelp)
        {
            Console.Out.WriteLine("Usage: dotnet diver info <id>[@<version>] [--source <SOURCE>]");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Describes a kernel package: configs, deploy modes, architecture, headers and entry contract.");
            return 0;
        }
#if DIVER_FEEDS
        using var package = KernelFeed.Fetch("info", parsed);
        var manifest = package.ReadManifest();
        Describe(Console.Out, package, manifest);
        return 0;
#else
        return FeedCommands.Unavailable("info");
#endif
    }

#if DIVER_FEEDS
    static void Describe(TextWriter w, DownloadedPackage package, KernelManifest m)
    {
        w.WriteLine($"{package.Id} {package.Version} (from {package.SourceName})");
        if (!string.IsNullOrWhiteSpace(m.Description)) w.WriteLine($"  {m.Description}");
        w.WriteLine();
        w.WriteLine($"Architecture:   {m.Arch}");
        w.WriteLine($"Boot protocols: {string.Join(", ", m.BootProtocols)}");
        w.WriteLine($"Deploy modes:   {string.Join(", ", m.DeployModes)}");
        w.WriteLine($"Machine:        {m.Machine.QemuMachine}, {m.Machine.DefaultCpus} CPU(s), {m.Machine.DefaultMemory} RAM by default");
        w.WriteLine("Configs (-p:KernelConfig=<name>):");
        foreach (var (name, config) in m.Configs)
            w.WriteLine($"  {(name == m.DefaultConfig ? name + " (default)" : name),-20}  {config.Description}");
        w.WriteLine($"Entry:          {m.Entry.Signature}");
        w.WriteLine($"Exit:           {m.Exit.Device} at {m.Exit.IoBase}; panic code {m.Exit.PanicCode}");
        w.WriteLine($"Compile target: {m.Compile.Target}");
        w.WriteLine($"Headers:        {string.Join(", ", package.Headers(m))}");
        if (package.ExportedSymbolCount() is { } symbols)
            w.WriteLine($"Exported symbols: {symbols} (diver/symbols.txt)");
        w.WriteLine(package.IsForkable ? $"Source:         included; 'dotnet diver fork {package.Label} -o <dir>' makes an editable copy" : "Source:         not included (cannot be forked)");
    }
#endif
}
