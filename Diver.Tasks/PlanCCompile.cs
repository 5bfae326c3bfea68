using Diver.Tasks.Tools;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Diver.Tasks;

/// <summary>
/// Decides which C sources must be compiled: those whose object is missing or older than the
/// source, than any header listed in the object's dependency file, or than the compile-flags file
/// (which changes when flags, clang or the kernel change). Everything up to date is left alone,
/// so a no-op build starts no compiler at all.
/// </summary>
public sealed class PlanCCompile : DiverTask
{
    [Required] public ITaskItem[] Sources { get; set; } = [];
    [Required] public string ObjectDirectory { get; set; } = "";
    [Required] public string FlagsFile { get; set; } = "";

    /// <summary>Every object the link needs, in source order; ItemSpec is the object path.</summary>
    [Output] public ITaskItem[] Objects { get; private set; } = [];
    /// <summary>The sources to compile now, with ObjectFile and DependencyFile metadata.</summary>
    [Output] public ITaskItem[] StaleSources { get; private set; } = [];

    protected override void Run()
    {
        if (Sources.Length == 0)
            throw new DiverException(ErrorCodes.NoSources,
                "The project has no C sources. Add a .c file beside the project (every *.c is compiled), or add CSource items.");
        var flagsTime = File.Exists(FlagsFile) ? File.GetLastWriteTimeUtc(FlagsFile) : DateTime.MaxValue;
        var objects = new List<ITaskItem>();
        var stale = new List<ITaskItem>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in Sources)
        {
            var objectFile = ObjectPathFor(source, used);
            var depFile = Path.ChangeExtension(objectFile, ".d");
            var item = new TaskItem(source);
            item.SetMetadata("ObjectFile", objectFile);
            item.SetMetadata("DependencyFile", depFile);
            objects.Add(new TaskItem(objectFile, new Dictionary<string, string> { ["Source"] = source.ItemSpec }));
            if (IsStale(source.GetMetadata("FullPath"), objectFile, depFile, flagsTime))
                stale.Add(item);
        }
        Objects = objects.ToArray();
        StaleSources = stale.ToArray();
    }

    /// <summary>obj/…/diver/&lt;relative dir&gt;/&lt;name&gt;.o; sources outside the project folder get a flattened, unique name.</summary>
    string ObjectPathFor(ITaskItem source, HashSet<string> used)
    {
        var relative = source.GetMetadata("RelativeDir") + source.GetMetadata("Filename");
        if (Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal))
            relative = "_ext/" + relative.Replace("..", "__").Replace(':', '_').TrimStart('/', '\\');
        var candidate = Path.Combine(ObjectDirectory, relative + ".o");
        for (var n = 2; !used.Add(candidate); n++)
            candidate = Path.Combine(ObjectDirectory, $"{relative}-{n}.o");
        return candidate;
    }

    static bool IsStale(string source, string objectFile, string depFile, DateTime flagsTime)
    {
        if (!File.Exists(objectFile) || !File.Exists(depFile)) return true;
        var objectTime = File.GetLastWriteTimeUtc(objectFile);
        if (flagsTime > objectTime || File.GetLastWriteTimeUtc(source) > objectTime) return true;
        foreach (var dependency in DependencyFile.Read(depFile))
        {
            var full = Path.GetFullPath(dependency, Path.GetDirectoryName(source)!);
            if (!File.Exists(full) || File.GetLastWriteTimeUtc(full) > objectTime) return true;
        }
        return false;
    }
}
