using System.ComponentModel;
using System.Diagnostics;
using Diver.Cli.Run;

namespace Diver.Cli.Slurm;

/// <summary>
/// A net run as a Slurm job step in the foreground, as `srun` runs anything: the console streams
/// back through srun, the step's exit code is the run's, and Ctrl-C (or SIGTERM/SIGHUP to this
/// process) cancels the step. srun's own complaints are read on the way through, so a request the
/// cluster cannot meet is reported as such rather than as the app's exit code.
/// </summary>
internal static class SrunStep
{
    const int SIGINT = 2;

    public static int Run(SlurmRequest request, SlurmSettings settings)
    {
        // srun gets the parent-death signal QEMU gets in a local run: a launcher killed outright
        // (SIGKILL) takes its srun along, and srun's SIGTERM cancels the step on the node.
        var (program, arguments) = ParentDeathSignal.Wrap(SlurmClient.Find("srun"), request.SrunArguments(settings));
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var trap = InterruptTrap.Install();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("no process was created");
        }
        catch (Win32Exception e)
        {
            throw new DiverException(ErrorCodes.SlurmMissing, $"srun could not be started ({e.NativeErrorCode}). Check the Slurm client installation.");
        }
        using (process)
        {
            // srun cancels the step on one SIGINT (--quit-on-interrupt) and waits for it to end.
            trap.OnInterrupt(() => { try { if (!process.HasExited) _ = kill(process.Id, SIGINT); } catch (InvalidOperationException) { } });
            string? refusal = null, unreachable = null;
            while (process.StandardError.ReadLine() is { } line)
            {
                var reason = line.Replace("srun: error: ", "", StringComparison.Ordinal);
                if (SlurmClient.IsUnreachable(line)) unreachable ??= reason;
                else if (SlurmClient.IsRefusal(line)) refusal ??= reason;
                Console.Error.WriteLine(line);
            }
            process.WaitForExit();
            if (trap.Fired)
            {
                ErrorOutput.Write(ErrorCodes.Interrupted, $"The Slurm job step of {request.Name} was cancelled.");
                return LauncherExitCodes.Interrupted;
            }
            if (unreachable is not null)
            {
                var error = SlurmClient.Unreachable(unreachable);
                ErrorOutput.Write(error.Code, error.Message);
                return LauncherExitCodes.DiverError;
            }
            if (refusal is not null)
            {
                ErrorOutput.Write(ErrorCodes.SlurmRefused,
                    $"Slurm refused to run {request.Name} ({request.Cpus} CPUs, {request.MemoryMiB + SlurmRequest.QemuOverheadMiB} MiB): {refusal}. " +
                    "Ask for fewer Cpus or less Memory, or choose another partition (-p:SlurmPartition).");
                return LauncherExitCodes.DiverError;
            }
            return process.ExitCode;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    static extern int kill(int pid, int signal);
}
