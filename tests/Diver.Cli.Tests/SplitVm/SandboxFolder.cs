namespace Diver.Cli.Tests.SplitVm;

/// <summary>A temp folder with a sandbox inside and a sibling "outside" folder holding a secret.</summary>
internal sealed class SandboxFolder : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("diver-sandbox-").FullName;
    public string Root => Path.Combine(Folder, "root");
    public string Outside => Path.Combine(Folder, "outside");

    public SandboxFolder()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(Root, "out"), Outside);
        File.CreateSymbolicLink(Path.Combine(Root, "dangling"), Path.Combine(Outside, "new.txt"));
        Directory.CreateDirectory(Path.Combine(Root, "in"));
        File.CreateSymbolicLink(Path.Combine(Root, "inlink"), Path.Combine(Root, "in"));
    }

    /// <summary>Every entry under the outside folder, with its size: what "touched nothing" compares.</summary>
    public string OutsideSnapshot() =>
        string.Join("\n", Directory.EnumerateFileSystemEntries(Outside, "*", SearchOption.AllDirectories).Order()
            .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length : -1)}"));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
