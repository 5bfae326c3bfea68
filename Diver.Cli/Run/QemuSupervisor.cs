using System.ComponentModel;
using System.Diagnostics;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Runs one QEMU and guarantees it is gone when <see cref="Run"/> returns, whatever happened:
/// normal exit, timeout, a signal to the launcher, or an exception in the launcher itself; and
/// when the launcher itself is killed outright, QEMU gets its parent-death signal
/// (<see cref="ParentDeathSignal"/>). stdout and stderr are inherited, so QEMU's own messages
/// reach the user as QEMU wrote them; so is stdin when it is a terminal, while piped stdin goes
/// through <see cref="ConsoleInputRelay"/> so that its end reaches the guest.
/// </summary>
internal static class QemuSupervisor
{
    /// <summary>How long QEMU gets after SIGTERM (to restore the terminal) before SIGKILL.</summary>
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);
    /// <summary>See <see cref="InterruptTrap.WaitFired"/>.</summary>
    static readonly TimeSpan SignalRace = TimeSpan.FromMilliseconds(200);

    /// <param name="consoleInput">False when the launcher's stdin feeds a channel: QEMU's console then gets end of input at once.</param>
    /// <param name="prestarted">The same command, already started paused by diver-prestart (see <see cref="Prestart"/>): resumed instead of started.</param>
    public static QemuOutcome Run(QemuCommand command, TimeSpan? timeout, InterruptTrap trap, bool consoleInput = true,
        PrestartedQemu? prestarted = null)
    {
        if (prestarted is not null)
        {
            if (prestarted.TakeInput() is { } input)
                ConsoleInputRelay.Start(input);
            prestarted.Resume();
            return Supervise(prestarted, timeout, trap);
        }
        using var process = Start(command, consoleInput);
        return Supervise(new ProcessQemu(process), timeout, trap);
    }

    static Process Start(QemuCommand command, bool consoleInput)
    {
        // The parent-death wrapper would report a QEMU it cannot exec only after starting: check first, as Process.Start would have.
        if (!PosixProcess.CanExecute(command.Executable))
            throw CannotStart(command, "Permission denied");
        var (program, arguments) = ParentDeathSignal.Wrap(command.Executable, command.ToArguments());
        var relayInput = consoleInput && ConsoleInputRelay.Needed();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = relayInput || !consoleInput,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process was created");
        }
        catch (Win32Exception e)
        {
            // strerror text: Win32Exception's own message is a bare resource key in this trimmed build.
            throw CannotStart(command, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode));
        }

        if (relayInput)
            ConsoleInputRelay.Start(process.StandardInput.BaseStream);
        else if (!consoleInput)
            process.StandardInput.Close();
        return process;
    }

    static QemuOutcome Supervise(IQemuChild qemu, TimeSpan? timeout, InterruptTrap trap)
    {
        var timedOut = false;
        try
        {
            // The handler runs on the runtime's signal thread; stopping waits, so it gets its own.
            trap.OnInterrupt(() => new Thread(() => qemu.Stop(StopGrace)) { IsBackground = true }.Start());
            if (timeout is { } limit && !qemu.WaitForExit(limit))
            {
                timedOut = true;
                qemu.Stop(StopGrace);
            }
            qemu.WaitForExit();
        }
        finally
        {
            // Reached with QEMU still running only if something above threw.
            if (!qemu.HasExited)
                qemu.Stop(StopGrace);
        }
        // QEMU's SIGINT exit (0) looks like a guest reset; give our own copy of the signal time to land.
        var interrupted = trap.Fired || (qemu.ExitCode == 0 && !timedOut && trap.WaitFired(SignalRace));
        return new QemuOutcome(qemu.ExitCode, timedOut, interrupted);
    }

    static DiverException CannotStart(QemuCommand command, string reason) =>
        new(ErrorCodes.QemuFailed,
            $"QEMU ({command.Executable}) could not be started: {reason}. Check that it is an executable qemu-system-x86_64.");

    /// <summary>SIGTERM, a grace period, then SIGKILL; also used by the test runner's captured VMs (Test/TestVm.cs).</summary>
    internal static void Stop(Process process) => PosixProcess.Stop(process, StopGrace);
}
