using Diver.Tasks.Tools;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Links the app's objects with the kernel archive and the kernel's linker script into the
/// bootable ELF image (the net) with ld.lld. An undefined symbol is reported by name, at the
/// source line that used it when debug info says where.
/// </summary>
public sealed class LinkNet : DiverTask, ICancelableTask
{
    readonly CancellationTokenSource _cancel = new();

    [Required] public ITaskItem[] Objects { get; set; } = [];
    [Required] public string KernelArchive { get; set; } = "";
    [Required] public string LinkerScript { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string? Linker { get; set; }
    public string? EntrySymbol { get; set; }
    public string[] Flags { get; set; } = [];
    /// <summary>The kernel's other archives (its libc): linked in one group with the kernel archive, as they call each other.</summary>
    public ITaskItem[] Libraries { get; set; } = [];

    public void Cancel() => _cancel.Cancel();

    protected override void Run()
    {
        var linker = ToolLocator.Find(Linker, "ld.lld", ErrorCodes.LinkerMissing,
            "Diver links with LLVM's linker. Install it (sudo apt-get install lld) or set the DiverLinker property to its path.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        var args = Flags.Where(f => f.Length > 0).ToList();
        if (!string.IsNullOrEmpty(EntrySymbol))
            args.AddRange(["-u", EntrySymbol]);
        args.AddRange(["-T", LinkerScript]);
        args.AddRange(Objects.Select(o => o.ItemSpec));
        if (Libraries.Length == 0)
            args.Add(KernelArchive);
        else
            args.AddRange(["--start-group", KernelArchive, .. Libraries.Select(l => l.ItemSpec), "--end-group"]);
        args.AddRange(["-o", OutputFile]);
        Log.LogMessage(MessageImportance.Normal, ToolRun.Format(linker, args));
        var result = ToolRun.Run(linker, args, ProjectDirectory, _cancel.Token);
        var diagnostics = LinkerDiagnostics.Parse(result.StandardError);
        foreach (var d in diagnostics) LogDiagnostic(d);
        if (!result.Succeeded)
        {
            if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                LogError(ErrorCodes.LinkError, $"ld.lld failed (exit code {result.ExitCode}): {result.StandardError.Trim()}");
            File.Delete(OutputFile);
        }
    }
}
