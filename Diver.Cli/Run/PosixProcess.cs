using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// SIGTERM for a child, which System.Diagnostics.Process cannot send (its Kill is SIGKILL). QEMU
/// needs SIGTERM to restore the terminal it put in raw mode before it exits.
/// </summary>
internal static partial class PosixProcess
{
    const int SIGTERM = 15;

    public static void Terminate(int pid) => _ = kill(pid, SIGTERM);

    [DllImport("libc", EntryPoint = "kill")]
    static extern int kill(int pid, int signal);
}
