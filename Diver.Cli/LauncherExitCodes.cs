namespace Diver.Cli;

/// <summary>
/// The launcher's own exit codes. A net's app returns 0..126 and the launcher passes that value
/// through, so its own codes sit at the top of the range, following the shell conventions users
/// already know (coreutils timeout, signals as 128+n). docs/errors.md lists them.
/// </summary>
internal static class LauncherExitCodes
{
    /// <summary>A DIVERnnnn error before or instead of booting (bad option, no net, no QEMU).</summary>
    public const int DiverError = 1;
    /// <summary>`test`: at least one test failed (every test ran and was reported).</summary>
    public const int TestsFailed = 2;
    /// <summary>The run took longer than --timeout; as coreutils timeout.</summary>
    public const int TimedOut = 124;
    /// <summary>QEMU itself failed (bad option, unloadable image, crash); as timeout's "command failed".</summary>
    public const int QemuFailed = 125;
    /// <summary>Ctrl-C, SIGTERM or SIGHUP stopped the run; as a shell reports SIGINT (128+2).</summary>
    public const int Interrupted = 130;
    /// <summary>The guest kernel panicked; as an abort() (128+SIGABRT).</summary>
    public const int KernelPanicked = 134;
    /// <summary>The guest reset itself (triple fault); 128+SIGBUS, the next "the machine died" code.</summary>
    public const int GuestReset = 135;
}
