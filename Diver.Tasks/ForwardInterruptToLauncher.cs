using System.Runtime.InteropServices;

namespace Diver.Tasks;

/// <summary>
/// Makes a SIGINT sent to the `dotnet run` process alone stop the net. dotnet run suppresses
/// SIGINT in itself (a terminal's Ctrl-C reaches its child too, so the child decides) and forwards
/// only SIGTERM; an IDE or a CI timeout that signals the one dotnet process with SIGINT would
/// otherwise leave the VM running. ComputeRunArguments runs inside the dotnet run process, so this
/// task can register a handler there that passes SIGINT on to the Diver launcher(s) that process
/// started. Outside `dotnet run` (a build node, an IDE's design-time build) it does nothing.
/// </summary>
public sealed class ForwardInterruptToLauncher : DiverTask
{
    const int SIGINT = 2;
    static readonly Lock Gate = new();
    static PosixSignalRegistration? registration;

    /// <summary>The launcher's path (the NativeAOT binary, or diver.dll run by dotnet): its children's command lines name it.</summary>
    public string Launcher { get; set; } = "";

    protected override void Run()
    {
        if (!OperatingSystem.IsLinux() || !DotnetRunProcess.IsCurrent())
            return;
        var marker = Launcher;
        if (marker.Length == 0)
            return;
        lock (Gate)
        {
            // One per process: the SDK may evaluate the target again (a rebuild), and each handler would forward again.
            registration?.Dispose();
            registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => SignalChildren(marker));
        }
    }

    /// <summary>SIGINT to every child of this process whose command line names the launcher.</summary>
    static void SignalChildren(string marker)
    {
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (ParentOf(File.ReadAllText(Path.Combine(dir, "stat"))) != self) continue;
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    _ = kill(pid, SIGINT);
            }
            catch (IOException) { }   // it ended while we looked
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>/proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces and parentheses.</summary>
    internal static int ParentOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? ppid : -1;
    }

    [DllImport("libc")]
    static extern int kill(int pid, int signal);
}
