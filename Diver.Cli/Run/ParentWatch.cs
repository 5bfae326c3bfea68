namespace Diver.Cli.Run;

/// <summary>
/// Stops the run when the process that started the launcher ends, however it ends (SIGKILL
/// included). `dotnet run` passes --exit-with-parent: killing the dotnet process would otherwise
/// leave the launcher and QEMU running. A pidfd watches the parent process as a whole; the kernel's
/// parent-death signal (PR_SET_PDEATHSIG) would fire when the parent's spawning thread ends, which
/// in a .NET parent may be a pool thread that retires while the run goes on.
/// </summary>
internal static class ParentWatch
{
    /// <summary>
    /// Set by the process that starts a launcher with --exit-with-parent to its own pid (dotnet run,
    /// through the SDK's NameLauncherParent task; the pipeline runner for its stages).
    /// </summary>
    public const string ParentVariable = Diver.Processes.LauncherParent.EnvironmentVariable;

    static int parentAtStart;
    static int namedParent;

    /// <summary>
    /// Called first thing in Main. The watch starts only after the net is read and planned, and a
    /// parent killed in between has already handed the launcher to init: watching "the parent" then
    /// would watch init, and the run would outlive its parent (build/soak.sh found this with a
    /// SIGKILL 22 ms after the start). Reading the parent here narrows that window to the runtime's
    /// own start, and a parent that names itself in <see cref="ParentVariable"/> closes it.
    /// </summary>
    public static void RememberParent()
    {
        parentAtStart = PosixProcess.ParentId();
        if (Environment.GetEnvironmentVariable(ParentVariable) is { } named)
        {
            // It names this launcher's parent, not QEMU's or a stage's: children must not inherit it.
            Environment.SetEnvironmentVariable(ParentVariable, null);
            _ = int.TryParse(named, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out namedParent);
        }
    }

    /// <summary>Starts watching; when the parent ends, this process gets SIGTERM, which <see cref="InterruptTrap"/> turns into a clean stop.</summary>
    public static void Start()
    {
        var parent = parentAtStart != 0 ? parentAtStart : PosixProcess.ParentId();
        if (namedParent > 0 && parent != namedParent)
        {
            PosixProcess.TerminateSelf();   // the parent that started us is gone already
            return;
        }
        var pidfd = PosixProcess.OpenPidFd(parent);
        // Re-read after opening: if the parent died first, the launcher was already re-parented.
        if (pidfd < 0 || PosixProcess.ParentId() != parent)
        {
            if (PosixProcess.ParentId() != parent)
                PosixProcess.TerminateSelf();
            return;   // no pidfd (Linux < 5.3): the run is only as safe as the parent's own clean-up
        }
        new Thread(() =>
        {
            if (PosixProcess.WaitReadable(pidfd))
                PosixProcess.TerminateSelf();
        }) { IsBackground = true, Name = "diver-parent-watch" }.Start();
    }
}
