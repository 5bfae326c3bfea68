using System.Text;
using System.Text.Json;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Writes a JSON compilation database (compile_commands.json) with the exact clang command of
/// every C source, so clangd and other editors resolve the kernel's headers and see the same
/// flags as the build. The file is rewritten only when its text changes, so editors watching it
/// do not re-index on every build.
/// </summary>
public sealed class WriteCompileCommands : DiverTask
{
    /// <summary>Every object of the build (PlanCCompile's Objects), with its Source metadata.</summary>
    [Required] public ITaskItem[] Objects { get; set; } = [];
    [Required] public string Target { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    public string? Clang { get; set; }
    public string[] Flags { get; set; } = [];
    public string[] IncludeDirectories { get; set; } = [];

    protected override void Run()
    {
        var clang = CompileC.FindClang(Clang);
        var text = Format(clang, ProjectDirectory, Objects.Select(o =>
        {
            var source = Path.GetFullPath(o.GetMetadata("Source"), ProjectDirectory);
            var objectFile = Path.GetFullPath(o.ItemSpec, ProjectDirectory);
            return (source, CompileC.SourceArguments(Target, Flags, IncludeDirectories, source, objectFile, Path.ChangeExtension(objectFile, ".d")));
        }));
        if (File.Exists(OutputFile) && File.ReadAllText(OutputFile) == text)
            return;
        File.WriteAllText(OutputFile, text);
        Log.LogMessage(MessageImportance.Normal, $"Wrote {OutputFile} ({Objects.Length} sources)");
    }

    /// <summary>The "arguments" form (no shell quoting to get wrong), one entry per source.</summary>
    public static string Format(string clang, string directory, IEnumerable<(string Source, IEnumerable<string> Arguments)> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var (source, arguments) in entries)
            {
                json.WriteStartObject();
                json.WriteString("directory", directory);
                json.WriteString("file", source);
                json.WriteStartArray("arguments");
                json.WriteStringValue(clang);
                foreach (var argument in arguments)
                    json.WriteStringValue(argument);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
