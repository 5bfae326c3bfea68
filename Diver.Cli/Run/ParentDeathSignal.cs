namespace Diver.Cli.Run;

/// <summary>
/// Starts QEMU (or srun) with the parent-death signal set to SIGTERM, in the same process, so if the
/// launcher is killed outright (SIGKILL, a crash) the kernel stops QEMU: no VM is left running at
/// 100% CPU. QEMU 7.2 has no such option itself, and .NET cannot run code between fork and exec, so
/// a small program sets PR_SET_PDEATHSIG and execs it: the NativeAOT launcher's own
/// <c>diver-pdeathsig</c> (Native/pdeathsig.c, shipped beside it; no libc, ~0.5 ms), or else
/// util-linux's <c>setpriv --pdeathsig TERM</c> (~3 ms on a virtualized host, for the
/// framework-dependent tool). The signal follows the launcher thread that forked, which is the main
/// thread here (<see cref="QemuSupervisor.Run"/> starts QEMU on it), so it fires exactly when the
/// launcher ends.
/// </summary>
internal static class ParentDeathSignal
{
    public const string HelperName = "diver-pdeathsig";
    static readonly string[] SetprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv"];

    /// <summary>diver-pdeathsig beside this launcher, or null (the framework-dependent tool has none).</summary>
    public static string? Helper() =>
        Path.Combine(AppContext.BaseDirectory, HelperName) is var helper && File.Exists(helper) ? helper : null;

    /// <summary>setpriv's path, or null where util-linux lacks it.</summary>
    public static string? Setpriv() => SetprivCandidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// The program and arguments that start <paramref name="executable"/> with the parent-death signal
    /// set; with neither wrapper it starts directly, and only a clean launcher exit stops it.
    /// </summary>
    public static (string Program, IEnumerable<string> Arguments) Wrap(string executable, IEnumerable<string> arguments)
    {
        // The helper execs a path as given (no PATH search), and checks its parent is still this launcher.
        if (Path.IsPathRooted(executable) && Helper() is { } helper)
            return (helper, [Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), executable, .. arguments]);
        if (Setpriv() is { } setpriv)
            return (setpriv, ["--pdeathsig", "TERM", "--", executable, .. arguments]);
        return (executable, arguments);
    }
}
