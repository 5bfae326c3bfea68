using System.Globalization;
using Diver.Cli.Symbols;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>Turns how QEMU ended into the launcher's exit code and, for failures, one error line.</summary>
internal static class RunReport
{
    /// <param name="image">The image held open since QEMU started (see <see cref="RunningImage"/>), or null.</param>
    public static int Conclude(QemuOutcome outcome, LaunchPlan plan, ConsoleLog consoleLog, RunningImage? image = null)
    {
        if (outcome.Interrupted)
            return Fail(ErrorCodes.Interrupted, "Interrupted; the net was stopped.", LauncherExitCodes.Interrupted);
        if (outcome.TimedOut)
            return Fail(ErrorCodes.RunTimedOut,
                $"The net did not exit within {plan.Timeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped. " +
                "Raise -p:RunTimeout or look for a hang in the app.",
                LauncherExitCodes.TimedOut);

        var exit = GuestExit.Decode(outcome.Status, plan.PanicCode);
        if (exit.Kind == GuestExitKind.KernelPanicked)
            WriteBacktrace(plan, consoleLog, image);
        return exit.Kind switch
        {
            GuestExitKind.AppExited => exit.AppExitCode,
            GuestExitKind.KernelPanicked => Fail(ErrorCodes.GuestPanic,
                $"The guest kernel panicked (see its message above{LastLine(consoleLog)}). " +
                "The app did not finish; fix what the panic message names, or run under a debugger.",
                LauncherExitCodes.KernelPanicked),
            GuestExitKind.GuestReset => Fail(ErrorCodes.GuestReset,
                "The guest reset itself (a triple fault: the kernel crashed before it could report a panic). " +
                "Look at the last console output above, or debug the net with QEMU's -d int,cpu_reset.",
                LauncherExitCodes.GuestReset),
            _ => Fail(ErrorCodes.QemuFailed,
                $"QEMU failed with exit status {outcome.Status} (its own message, if any, is above). " +
                "Check that the net's image is a Diver net and that QEMU is 7.2 or later.",
                LauncherExitCodes.QemuFailed),
        };
    }

    /// <summary>The panic's addresses, named from the image that ran, under the guest's own report.</summary>
    static void WriteBacktrace(LaunchPlan plan, ConsoleLog consoleLog, RunningImage? image)
    {
        var frames = BacktraceSymbolizer.Symbolize(PanicReport.Frames(consoleLog.Tail()), image?.SymbolsPath ?? plan.ImagePath);
        if (frames.Count == 0) return;
        if (image?.ChangeNotice() is { } notice)
            Console.Error.WriteLine($"diver: warning: {notice}");
        Console.Error.WriteLine($"diver: backtrace, symbols from {plan.ImagePath}:");
        foreach (var frame in frames)
            Console.Error.WriteLine(frame);
    }

    static string LastLine(ConsoleLog log) => log.LastLine() is { } line ? $"; it last printed: {line}" : "";

    static int Fail(string code, string message, int exitCode)
    {
        ErrorOutput.Write(code, message);
        return exitCode;
    }
}
