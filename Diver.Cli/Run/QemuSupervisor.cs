using System.ComponentModel;
using System.Diagnostics;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Runs one QEMU and guarantees it is gone when <see cref="Run"/> returns, whatever happened:
/// normal exit, timeout, a signal to the launcher, or an exception in the launcher itself.
/// stdin, stdout and stderr are inherited, so the guest console is the user's terminal with
/// nothing in between, and QEMU's own messages reach the user as QEMU wrote them.
/// </summary>
internal static class QemuSupervisor
{
    /// <summary>How long QEMU gets after SIGTERM (to restore the terminal) before SIGKILL.</summary>
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    /// <summary>See <see cref="InterruptTrap.WaitFired"/>.</summary>
    static readonly TimeSpan SignalRace = TimeSpan.FromMilliseconds(200);

    public static QemuOutcome Run(QemuCommand command, TimeSpan? timeout, InterruptTrap trap)
    {
        var start = new ProcessStartInfo(command.Executable)
        {
            UseShellExecute = false,
        };
        foreach (var argument in command.ToArguments())
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process was created");
        }
        catch (Win32Exception e)
        {
            throw new DiverException(ErrorCodes.QemuFailed,
                // strerror text: Win32Exception's own message is a bare resource key in this trimmed build.
                $"QEMU ({command.Executable}) could not be started: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}. " +
                "Check that it is an executable qemu-system-x86_64.");
        }

        using (process)
        {
            var timedOut = false;
            try
            {
                // The handler runs on the runtime's signal thread; stopping waits, so it gets its own.
                trap.OnInterrupt(() => new Thread(() => Stop(process)) { IsBackground = true }.Start());
                if (timeout is { } limit && !process.WaitForExit(limit))
                {
                    timedOut = true;
                    Stop(process);
                }
                process.WaitForExit();
            }
            finally
            {
                // Reached with QEMU still running only if something above threw.
                if (!process.HasExited)
                    Stop(process);
            }
            // QEMU's SIGINT exit (0) looks like a guest reset; give our own copy of the signal time to land.
            var interrupted = trap.Fired || (process.ExitCode == 0 && !timedOut && trap.WaitFired(SignalRace));
            return new QemuOutcome(process.ExitCode, timedOut, interrupted);
        }
    }

    /// <summary>SIGTERM, a grace period, then SIGKILL; also used by the test runner's captured VMs (Test/TestVm.cs).</summary>
    internal static void Stop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            PosixProcess.Terminate(process.Id);
            if (process.WaitForExit(StopGrace)) return;
            process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException) { }   // it exited between the checks
    }
}
