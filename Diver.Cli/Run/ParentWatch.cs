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
    /// <summary>Starts watching; when the parent ends, this process gets SIGTERM, which <see cref="InterruptTrap"/> turns into a clean stop.</summary>
    public static void Start()
    {
        var parent = PosixProcess.ParentId();
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
