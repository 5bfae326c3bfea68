namespace Diver.Cli.Pipelines;

/// <summary>
/// How to start this launcher again, here (a pipeline stage) or from a copy of its folder (a Slurm
/// node): the NativeAOT binary runs itself; the framework-dependent build (its folder holds
/// diver.dll; a .NET tool's shim cannot move) runs as `dotnet exec diver.dll`.
/// </summary>
internal static class LauncherSelf
{
    public static bool FrameworkDependent => File.Exists(Path.Combine(AppContext.BaseDirectory, "diver.dll"));

    /// <summary>This launcher, with the dotnet host that runs it now when it is framework-dependent.</summary>
    public static IReadOnlyList<string> Command() =>
        CommandIn(AppContext.BaseDirectory, Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet");

    /// <summary>The launcher in <paramref name="folder"/> (a copy of this one's), run by <paramref name="dotnet"/> if it needs one.</summary>
    public static IReadOnlyList<string> CommandIn(string folder, string dotnet = "dotnet") =>
        FrameworkDependent
            ? [dotnet, "exec", Path.Combine(folder, "diver.dll")]
            : [Path.Combine(folder, Path.GetFileName(Environment.ProcessPath ?? "diver"))];
}
