using Diver.Tasks.Tools;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Writes diver/symbols.txt: every global symbol the kernel archive defines, one a line, sorted.
/// It is the kernel's exported-symbol list: what an app may call, readable without tools and
/// diffable between versions (a fork can see what it changed).
/// </summary>
public sealed class ListKernelSymbols : DiverTask
{
    [Required] public string Archive { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string? Nm { get; set; }

    protected override void Run()
    {
        var nm = FindNm(Nm);
        // POSIX format: "name type value size" per symbol, "archive[member]:" per member.
        var result = ToolRun.Run(nm, ["-g", "--defined-only", "-P", Archive], ProjectDirectory, CancellationToken.None);
        if (!result.Succeeded)
            throw new DiverException(ErrorCodes.ArchiveError, $"{Path.GetFileName(nm)} could not read {Archive}: {result.StandardError.Trim()}");
        var symbols = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length >= 2 && !fields[0].EndsWith(':'))
            .Select(fields => fields[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        File.WriteAllLines(OutputFile, symbols);
    }

    static string FindNm(string? explicitPath)
    {
        const string hint = "Diver lists a kernel's exported symbols with llvm-nm or nm. Install one (sudo apt-get install llvm binutils) or set the DiverNm property.";
        try
        {
            return ToolLocator.Find(explicitPath, "llvm-nm", ErrorCodes.ArchiverMissing, hint);
        }
        catch (DiverException) when (string.IsNullOrWhiteSpace(explicitPath))
        {
            return ToolLocator.Find(null, "nm", ErrorCodes.ArchiverMissing, hint);
        }
    }
}
