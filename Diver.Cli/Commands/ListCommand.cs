using System.Globalization;
using System.Text.Json;
using Diver.Nets;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver list [<folder>] [--format table|json]`: the nets built under a folder (the
/// paper's `diver list nets`), read from their .net.json files: name, kernel id@version:config,
/// image size, hash and build time. Needs no feed, so the NativeAOT launcher has it too.
/// </summary>
internal static class ListCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var parsed = CommandArguments.Parse("list", args, ["--format"]);
        if (parsed.ShowHelp)
        {
            Console.Out.WriteLine("Usage: dotnet diver list [<folder>] [--format <table|json>]");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Lists the nets built under <folder> (default: the current folder).");
            return 0;
        }
        var json = parsed.Json("list");
        var root = Path.GetFullPath(parsed.Positional.FirstOrDefault() ?? ".");
        if (!Directory.Exists(root))
            throw new DiverException(ErrorCodes.BadCommandLine, $"{root} is not a folder. Run 'dotnet diver list' in (or with) the folder holding your projects.");
        var nets = Find(root);
        if (json) WriteJson(Console.Out, nets, root);
        else if (nets.Count == 0) Console.Out.WriteLine($"No nets under {root}. Build a Diver project with 'dotnet build'.");
        else TableWriter.Write(Console.Out, ["Name", "Kernel", "Image size", "SHA-256", "Built", "Net"],
            nets.Select(n => (IReadOnlyList<string>)[n.Net.Name, KernelLabel(n.Net), n.Net.ImageSize.ToString("N0", CultureInfo.InvariantCulture),
                n.Net.Sha256.Length > 12 ? n.Net.Sha256[..12] : n.Net.Sha256, n.Net.BuiltAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Path.GetRelativePath(root, n.Path)]).ToList());
        return 0;
    }

    static string KernelLabel(NetDescription net) => $"{net.Kernel.Id}@{net.Kernel.Version}:{net.Kernel.Config}";

    /// <summary>Every readable .net.json below bin/ folders; obj/ and hidden folders are skipped.</summary>
    static List<(string Path, NetDescription Net)> Find(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var found = new List<(string, NetDescription)>();
        foreach (var path in Directory.EnumerateFiles(root, "*" + NetDescription.FileSuffix, options))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "obj" || part.StartsWith('.'))) continue;
            try
            {
                found.Add((path, NetDescription.Load(path)));
            }
            catch (DiverException)
            {
                // A half-written or foreign .net.json is not a net; listing the others is more useful than failing.
            }
        }
        return found.OrderBy(n => n.Item2.Name, StringComparer.Ordinal).ThenBy(n => n.Item1, StringComparer.Ordinal).ToList();
    }

    static void WriteJson(TextWriter w, IReadOnlyList<(string Path, NetDescription Net)> nets, string root)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var (path, net) in nets)
            {
                json.WriteStartObject();
                json.WriteString("name", net.Name);
                json.WriteString("kernel", KernelLabel(net));
                json.WriteNumber("imageSize", net.ImageSize);
                json.WriteString("sha256", net.Sha256);
                json.WriteString("builtAt", net.BuiltAt);
                json.WriteString("net", Path.GetRelativePath(root, path));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
