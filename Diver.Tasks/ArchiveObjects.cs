using Diver.Tasks.Tools;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Packs a kernel config's objects into a static archive with a symbol index (ld.lld needs the
/// index to pull members in). llvm-ar is preferred; binutils ar writes the same format.
/// </summary>
public sealed class ArchiveObjects : DiverTask
{
    [Required] public ITaskItem[] Objects { get; set; } = [];
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string? Archiver { get; set; }

    protected override void Run()
    {
        var ar = FindArchiver(Archiver);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        // 'ar r' adds to an existing archive; a removed source must not leave its object behind.
        File.Delete(OutputFile);
        var args = new List<string> { "rcs", OutputFile };
        args.AddRange(Objects.Select(o => o.ItemSpec));
        Log.LogMessage(MessageImportance.Normal, ToolRun.Format(ar, args));
        var result = ToolRun.Run(ar, args, ProjectDirectory, CancellationToken.None);
        if (!result.Succeeded)
            throw new DiverException(ErrorCodes.ArchiveError, $"{Path.GetFileName(ar)} failed to write {OutputFile}: {result.StandardError.Trim()}");
    }

    public static string FindArchiver(string? explicitPath)
    {
        const string hint = "Diver archives kernel objects with llvm-ar or ar. Install one (sudo apt-get install llvm binutils) or set the DiverArchiver property to its path.";
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return ToolLocator.Find(explicitPath, "llvm-ar", ErrorCodes.ArchiverMissing, hint);
        try
        {
            return ToolLocator.Find(null, "llvm-ar", ErrorCodes.ArchiverMissing, hint);
        }
        catch (DiverException)
        {
            return ToolLocator.Find(null, "ar", ErrorCodes.ArchiverMissing, hint);
        }
    }
}
