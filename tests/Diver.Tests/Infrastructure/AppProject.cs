namespace Diver.Tests.Infrastructure;

/// <summary>An app project on disk in a test workspace, with the commands a user would type.</summary>
public sealed class AppProject(DiverWorkspace workspace, string directory, string name)
{
    public string Directory { get; } = directory;
    public string Name { get; } = name;
    public string ProjectFile => Path.Combine(Directory, Name + ".diverproj");
    public string Image(string configuration = "Debug") => Path.Combine(Directory, "bin", configuration, Name + ".elf");
    public string NetDescription(string configuration = "Debug") => Path.Combine(Directory, "bin", configuration, Name + ".net.json");

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    /// <summary>Edits the project file's text, e.g. to add or remove a PackageReference.</summary>
    public void EditProject(Func<string, string> edit) => File.WriteAllText(ProjectFile, edit(File.ReadAllText(ProjectFile)));

    public CommandResult Build(params string[] extra) =>
        workspace.Dotnet.Run(Directory, ["build", "-nologo", .. extra]);

    /// <summary>dotnet run under TCG-or-KVM as detected, bounded by a generous RunTimeout so a broken kernel cannot hang the suite.</summary>
    public CommandResult Run(string[]? msbuildProperties = null, string[]? guestArgs = null, TimeSpan? timeout = null)
    {
        var args = new List<string> { "run" };
        args.AddRange(msbuildProperties ?? []);
        if (!(msbuildProperties ?? []).Any(p => p.StartsWith("-p:RunTimeout=", StringComparison.Ordinal)))
            args.Add("-p:RunTimeout=120");
        if (guestArgs is not null)
        {
            args.Add("--");
            args.AddRange(guestArgs);
        }
        return workspace.Dotnet.Run(Directory, args, timeout: timeout);
    }
}
