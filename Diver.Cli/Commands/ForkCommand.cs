#if DIVER_FEEDS
using System.Text.RegularExpressions;
using Diver.Cli.Feeds;
using Diver.Kernels;
#endif

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver fork &lt;id&gt;[@version] -o &lt;dir&gt; [--id NewId]`: the package's src/ (the kernel
/// project it was packed from) as a new kernel project under a new id, ready to change, build,
/// pack and reference in place of the original.
/// </summary>
internal static class ForkCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var parsed = CommandArguments.Parse("fork", args, ["--output", "--id", "--source"], new Dictionary<string, string> { ["-o"] = "--output" });
        if (parsed.ShowHelp)
        {
            Console.Out.WriteLine("Usage: dotnet diver fork <id>[@<version>] -o <dir> [--id <NewId>] [--source <SOURCE>]");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Copies a kernel package's source into <dir> as a new kernel project (default id: <dir>'s name).");
            return 0;
        }
#if DIVER_FEEDS
        var output = parsed.One("--output")
            ?? throw new DiverException(ErrorCodes.BadCommandLine, "'fork' needs -o <dir>, the folder of the new kernel project.");
        output = Path.GetFullPath(output);
        var newId = parsed.One("--id") ?? Path.GetFileName(output.TrimEnd('/'));
        if (File.Exists(output))
            throw new DiverException(ErrorCodes.ForkTargetNotEmpty, $"{output} is a file, not a folder. Fork into a new or empty folder.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new DiverException(ErrorCodes.ForkTargetNotEmpty, $"{output} is not empty. Fork into a new or empty folder.");

        using var package = KernelFeed.Fetch("fork", parsed);
        var manifest = package.ReadManifest();
        var project = package.Entries.FirstOrDefault(e => e.StartsWith("src/", StringComparison.Ordinal) && e.Count(c => c == '/') == 1 && e.EndsWith(".diverproj", StringComparison.Ordinal))
            ?? throw new DiverException(ErrorCodes.PackageHasNoSource,
                $"{package.Label} carries no kernel project under src/, so it cannot be forked. Ask its publisher for the source, or pick a kernel that includes it ('dotnet diver info' says).");

        package.ExtractFolder("src/", output);
        var oldProject = Path.Combine(output, Path.GetFileName(project));
        var newProject = Path.Combine(output, newId + ".diverproj");
        var text = KernelProjectFile.WithPackageId(File.ReadAllText(oldProject), newId);
        File.Delete(oldProject);
        File.WriteAllText(newProject, text);
        RenameManifest(Path.Combine(output, "diver", "kernel.json"), manifest.Id, newId);

        Console.Out.WriteLine($"Forked {package.Label} into {output} as {newId}.");
        Console.Out.WriteLine($"  dotnet pack {Path.GetFileName(newProject)} -c Release    then reference <PackageReference Include=\"{newId}\" ... />");
        return 0;
#else
        return FeedCommands.Unavailable("fork");
#endif
    }

#if DIVER_FEEDS
    /// <summary>Only the "id" field changes; the rest of the author's manifest stays byte for byte.</summary>
    static void RenameManifest(string path, string oldId, string newId)
    {
        var text = File.ReadAllText(path);
        var pattern = "(\"id\"\\s*:\\s*\")" + Regex.Escape(oldId) + "\"";
        File.WriteAllText(path, Regex.Replace(text, pattern, m => m.Groups[1].Value + newId + "\"", RegexOptions.None, TimeSpan.FromSeconds(1)));
    }
#endif
}
