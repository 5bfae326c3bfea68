using System.Diagnostics;
using System.Globalization;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Runs `diver test` for `dotnet test` (Diver.Test.targets), the way VSTest's own task runs
/// vstest.console: the launcher inherits this process's console (dotnet test sets
/// MSBUILDENSURESTDOUTFORTASKPROCESSES so it is the user's terminal), so results appear as they
/// happen. Each failed test then becomes an MSBuild error at its file and line, which IDEs and CI
/// servers link to the source; the launcher's own failures keep the DIVER code it printed.
/// </summary>
public sealed class RunDiverTests : DiverTask, ICancelableTask
{
    /// <summary>The launcher (NativeAOT binary, or dotnet).</summary>
    [Required] public string Command { get; set; } = "";
    /// <summary>Its arguments, quoted as on a command line.</summary>
    [Required] public string Arguments { get; set; } = "";
    /// <summary>The file the launcher writes failed tests to (its --error-file).</summary>
    [Required] public string ErrorFile { get; set; } = "";

    /// <summary>The launcher's exit code for "a test failed" (LauncherExitCodes.TestsFailed).</summary>
    const int TestsFailed = 2;
    Process? launcher;

    protected override void Run()
    {
        File.Delete(ErrorFile);
        var start = new ProcessStartInfo(Command, Arguments) { UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new DiverException(ErrorCodes.TestLauncherFailed,
            $"The Diver launcher ({Command}) could not be started. Reinstall Diver.Sdk or set DiverLauncher.");
        launcher = process;
        process.WaitForExit();
        var code = process.ExitCode;
        if (code == 0) return;
        if (code == TestsFailed && File.Exists(ErrorFile))
        {
            foreach (var line in File.ReadAllLines(ErrorFile))
            {
                var fields = line.Split('\t');
                if (fields.Length < 4) continue;
                LogError(ErrorCodes.TestsFailed, $"Test {fields[2]} failed: {fields[3]}", fields[0],
                    int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
            }
            File.Delete(ErrorFile);
            if (Log.HasLoggedErrors) return;
        }
        LogError(ErrorCodes.TestLauncherFailed,
            $"The test run failed (launcher exit code {code}); its message is above. Fix what it names and run dotnet test again.");
    }

    /// <summary>Ctrl-C in dotnet test: SIGTERM lets the launcher stop its VMs; Process.Kill would orphan them.</summary>
    public void Cancel()
    {
        var process = launcher;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
                _ = kill(process.Id, 15);
        }
        catch (InvalidOperationException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    static extern int kill(int pid, int signal);
}
