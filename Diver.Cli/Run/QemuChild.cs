using System.Diagnostics;

namespace Diver.Cli.Run;

/// <summary>
/// The running QEMU as <see cref="QemuSupervisor"/> sees it, whichever way it was started: through
/// System.Diagnostics.Process (<see cref="ProcessQemu"/>), or paused by diver-prestart before the
/// launcher ran (<see cref="PrestartedQemu"/>).
/// </summary>
internal interface IQemuChild
{
    bool HasExited { get; }
    int ExitCode { get; }
    bool WaitForExit(TimeSpan timeout);
    void WaitForExit();
    /// <summary>SIGTERM (QEMU restores the terminal), then SIGKILL after <paramref name="grace"/>; returns once it is gone.</summary>
    void Stop(TimeSpan grace);
}

/// <summary>A QEMU the launcher started itself.</summary>
internal sealed class ProcessQemu(Process process) : IQemuChild
{
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;
    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);
    public void WaitForExit() => process.WaitForExit();
    public void Stop(TimeSpan grace) => PosixProcess.Stop(process, grace);
}
