using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using Diver.Cli.Run;
using Diver.Qemu;

namespace Diver.Cli.Test;

/// <summary>How one boot of a test net ended.</summary>
internal sealed record TestVmExit(int Status, bool TimedOut, bool Interrupted);

/// <summary>
/// One QEMU for a test net, with its console read by the launcher (unlike `run`, whose console is
/// the user's terminal): each line goes to <c>onLine</c> with the time it arrived. A test that
/// prints nothing for longer than the hang timeout since it started (or since the last test
/// started, for what runs between) has QEMU stopped, as --blame-hang-timeout ends a hung test host.
/// </summary>
internal sealed class TestVm
{
    readonly Lock gate = new();
    Process? process;
    bool stopping;

    /// <summary>Stops the VM now, from any thread (Ctrl-C, or a sibling VM's fatal error).</summary>
    public void Stop()
    {
        Process? p;
        lock (gate)
        {
            stopping = true;
            p = process;
        }
        if (p is not null)
            QemuSupervisor.Stop(p);
    }

    /// <param name="onLine">Gets each console line and its time; returns true when the line starts a test (resets the hang clock).</param>
    public TestVmExit Run(QemuCommand command, TimeSpan? hangTimeout, Func<string, long, bool> onLine)
    {
        // As for `run`: QEMU gets a parent-death signal, so a killed `dotnet test` leaves no VM. It
        // follows the forking thread, which stays in this method until QEMU has exited.
        // The parent-death wrapper would report a QEMU it cannot exec only after starting: check first, as Process.Start would have.
        if (!PosixProcess.CanExecute(command.Executable))
            throw new DiverException(ErrorCodes.QemuFailed,
                $"QEMU ({command.Executable}) could not be started: Permission denied. Check that it is an executable qemu-system-x86_64.");
        var (program, arguments) = ParentDeathSignal.Wrap(command.Executable, command.ToArguments());
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        var lines = new BlockingCollection<(string? Line, long At)>();
        Process p;
        lock (gate)
        {
            if (stopping)
                return new TestVmExit(0, false, true);
            try
            {
                p = Process.Start(start) ?? throw new Win32Exception("no process was created");
            }
            catch (Win32Exception e)
            {
                throw new DiverException(ErrorCodes.QemuFailed,
                    $"QEMU ({command.Executable}) could not be started: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}. " +
                    "Check that it is an executable qemu-system-x86_64.");
            }
            process = p;
        }
        using (p)
        {
            // End of input at once: a test that reads the console gets end of file, not a hang.
            p.StandardInput.Close();
            var stdout = Pump(p.StandardOutput, lines, _ => true);
            // QEMU's note that it was stopped is the launcher's doing, not the test's output.
            var stderr = Pump(p.StandardError, lines, line => !line.Contains("terminating on signal", StringComparison.Ordinal));
            var timedOut = false;
            try
            {
                var deadline = Deadline(hangTimeout);
                var open = 2;
                while (open > 0)
                {
                    var remaining = deadline is { } d
                        ? (int)Math.Clamp((d.Limit - Stopwatch.GetElapsedTime(d.Start)).TotalMilliseconds, 0, int.MaxValue)
                        : Timeout.Infinite;
                    if (!lines.TryTake(out var item, remaining))
                    {
                        timedOut = true;
                        QemuSupervisor.Stop(p);
                        break;
                    }
                    if (item.Line is null)
                    {
                        open--;
                        continue;
                    }
                    if (onLine(item.Line, item.At))
                        deadline = Deadline(hangTimeout);
                }
            }
            finally
            {
                if (!p.HasExited)
                    QemuSupervisor.Stop(p);
                p.WaitForExit();
                lock (gate)
                    process = null;
            }
            stdout.Join();
            stderr.Join();
            // Lines still queued after a timeout were printed before the stop; keep them.
            while (lines.TryTake(out var rest))
                if (rest.Line is not null)
                    onLine(rest.Line, rest.At);
            bool interrupted;
            lock (gate)
                interrupted = stopping;
            return new TestVmExit(p.ExitCode, timedOut, interrupted && !timedOut);
        }
    }

    static (long Start, TimeSpan Limit)? Deadline(TimeSpan? limit) =>
        limit is { } l ? (Stopwatch.GetTimestamp(), l) : null;

    static Thread Pump(StreamReader reader, BlockingCollection<(string?, long)> lines, Func<string, bool> keep)
    {
        var thread = new Thread(() =>
        {
            while (reader.ReadLine() is { } line)
                if (keep(line))
                    lines.Add((line, Stopwatch.GetTimestamp()));
            lines.Add((null, Stopwatch.GetTimestamp()));
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }
}
