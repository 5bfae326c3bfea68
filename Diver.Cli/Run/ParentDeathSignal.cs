namespace Diver.Cli.Run;

/// <summary>
/// Starts QEMU through util-linux's `setpriv --pdeathsig TERM`, which sets PR_SET_PDEATHSIG and
/// execs QEMU in the same process: if the launcher is killed outright (SIGKILL, a crash), the
/// kernel sends QEMU SIGTERM, so no VM is left running at 100% CPU. QEMU 7.2 has no such option
/// itself, and .NET cannot run code between fork and exec. The signal follows the launcher thread
/// that forked, which is the main thread here (<see cref="QemuSupervisor.Run"/> starts QEMU on
/// it), so it fires exactly when the launcher ends.
/// </summary>
internal static class ParentDeathSignal
{
    static readonly string[] Candidates = ["/usr/bin/setpriv", "/bin/setpriv"];

    /// <summary>setpriv's path, or null where util-linux lacks it (QEMU then starts directly: only a clean launcher exit stops it).</summary>
    public static string? Setpriv() => Candidates.FirstOrDefault(File.Exists);

    /// <summary>The program and arguments that start <paramref name="executable"/> with the parent-death signal set.</summary>
    public static (string Program, IEnumerable<string> Arguments) Wrap(string executable, IEnumerable<string> arguments) =>
        Setpriv() is { } setpriv
            ? (setpriv, ["--pdeathsig", "TERM", "--", executable, .. arguments])
            : (executable, arguments);
}
