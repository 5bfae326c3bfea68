using Diver.Tasks.Tools;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Compiles C sources with clang for the kernel's freestanding target, one clang per source,
/// as many at once as there are cores. clang's diagnostics become MSBuild errors and warnings in
/// canonical form; every command line is logged so binlogs show exactly what ran.
/// </summary>
public sealed class CompileC : DiverTask, ICancelableTask
{
    readonly CancellationTokenSource _cancel = new();

    [Required] public ITaskItem[] Sources { get; set; } = [];
    [Required] public string Target { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string? Clang { get; set; }
    public string[] Flags { get; set; } = [];
    public string[] IncludeDirectories { get; set; } = [];

    public void Cancel() => _cancel.Cancel();

    protected override void Run()
    {
        var clang = FindClang(Clang);
        var results = new (ITaskItem Source, string Command, ToolResult Result)[Sources.Length];
        Parallel.For(0, Sources.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = _cancel.Token }, i =>
        {
            var source = Sources[i];
            var objectFile = source.GetMetadata("ObjectFile");
            Directory.CreateDirectory(Path.GetDirectoryName(objectFile)!);
            var args = SourceArguments(Target, Flags, IncludeDirectories, source.ItemSpec, objectFile, source.GetMetadata("DependencyFile")).ToList();
            results[i] = (source, ToolRun.Format(clang, args), ToolRun.Run(clang, args, ProjectDirectory, _cancel.Token));
        });
        foreach (var (source, command, result) in results)
        {
            Log.LogMessage(MessageImportance.Normal, command);
            var diagnostics = ClangDiagnostics.Parse(result.StandardError);
            foreach (var d in diagnostics) LogDiagnostic(d);
            if (!result.Succeeded && !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                LogError(ErrorCodes.CompileError, $"clang failed on {source.ItemSpec} (exit code {result.ExitCode}): {result.StandardError.Trim()}", source.ItemSpec);
            if (!result.Succeeded)
                File.Delete(source.GetMetadata("ObjectFile"));
        }
    }

    /// <summary>The flags every source shares; also what the flags file and compile_commands.json record.</summary>
    public static IEnumerable<string> Arguments(string target, IEnumerable<string> flags, IEnumerable<string> includeDirectories) =>
        new[] { $"--target={target}", "-fno-color-diagnostics", "-fno-caret-diagnostics" }
            .Concat(flags.Where(f => f.Length > 0))
            .Concat(includeDirectories.Where(d => d.Length > 0).Select(d => "-I" + d));

    /// <summary>The full argument list for one source: what runs, and what compile_commands.json records.</summary>
    public static IEnumerable<string> SourceArguments(string target, IEnumerable<string> flags, IEnumerable<string> includeDirectories,
        string source, string objectFile, string dependencyFile) =>
        Arguments(target, flags, includeDirectories).Concat(["-MD", "-MF", dependencyFile, "-c", source, "-o", objectFile]);

    public static string FindClang(string? explicitPath) =>
        ToolLocator.Find(explicitPath, "clang", ErrorCodes.ClangMissing,
            "Diver compiles C with clang. Install it (sudo apt-get install clang lld) or set the DiverClang property to its path.");
}
