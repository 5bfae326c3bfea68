namespace Diver.Processes;

/// <summary>
/// How the process that starts a launcher with --exit-with-parent names itself (docs/process-lifetime.md):
/// the SDK's NameLauncherParent task sets it inside `dotnet run`, the launcher's ParentWatch reads it.
/// One definition, because the two sides live in different assemblies.
/// </summary>
public static class LauncherParent
{
    /// <summary>The starting process's pid; a launcher whose parent is another process was orphaned before it could look.</summary>
    public const string EnvironmentVariable = "DIVER_LAUNCHER_PARENT";
}
