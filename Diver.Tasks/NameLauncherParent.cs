namespace Diver.Tasks;

/// <summary>
/// Tells the launcher which process started it. The launcher stops when its parent ends
/// (--exit-with-parent), but it looks only once the NativeAOT runtime has started; a `dotnet run`
/// killed in those first milliseconds has already handed the launcher to init, and the launcher
/// would watch init instead. This runs in the dotnet run process and sets DIVER_LAUNCHER_PARENT to
/// its pid in that process's environment, which the launcher it starts next inherits; a launcher
/// whose parent is not that pid knows it was orphaned (docs/process-lifetime.md). Outside
/// `dotnet run` it does nothing.
/// </summary>
public sealed class NameLauncherParent : DiverTask
{
    protected override void Run()
    {
        if (OperatingSystem.IsLinux() && DotnetRunProcess.IsCurrent())
            Environment.SetEnvironmentVariable(Diver.Processes.LauncherParent.EnvironmentVariable, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
