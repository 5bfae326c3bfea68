using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// The real launcher as a child process: the NativeAOT binary when DIVER_LAUNCHER points at one
/// (build/ sets it after publishing), otherwise the framework-dependent diver.dll built with
/// these tests, run through `dotnet`. Either way the launcher is the direct child, so signals
/// sent to its pid reach the launcher itself.
/// </summary>
public sealed class LauncherProcess : IDisposable
{
    public const string LauncherVariable = "DIVER_LAUNCHER";
    /// <summary>Generous: TCG on a slow two-core CI machine can be many times slower than here.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    readonly Process process;
    readonly StringBuilder stdout = new();
    readonly StringBuilder stderr = new();

    LauncherProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;
    public string Stdout { get { lock (stdout) return stdout.ToString(); } }
    public string Stderr { get { lock (stderr) return stderr.ToString(); } }

    /// <param name="newSession">Start under setsid, so the launcher leads a process group a test can signal as a terminal would.</param>
    /// <param name="wrapper">A command the launcher runs under, e.g. <see cref="UnderShell"/> or <see cref="AsNobody"/>.</param>
    public static LauncherProcess Start(IEnumerable<string> args, bool newSession = false, IDictionary<string, string?>? environment = null,
        IEnumerable<string>? wrapper = null)
    {
        var command = new List<string>();
        if (newSession) command.Add("setsid");
        command.AddRange(wrapper ?? []);
        var launcher = Environment.GetEnvironmentVariable(LauncherVariable);
        if (!string.IsNullOrEmpty(launcher))
            command.Add(launcher);
        else
            command.AddRange(["dotnet", Path.Combine(AppContext.BaseDirectory, "diver.dll")]);
        command.AddRange(args);

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,   // QEMU reads the console's input: never the test runner's
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[key] = value;
        return new LauncherProcess(Process.Start(start)!);
    }

    /// <summary>Under `sh -c`, which stays the launcher's parent (the trailing echo keeps sh from exec'ing it): a test can then signal the parent.</summary>
    public static readonly string[] UnderShell = ["sh", "-c", "\"$0\" \"$@\"; echo \"launcher exited $?\""];

    /// <summary>As the unprivileged user nobody (util-linux setpriv), for permission errors root would not see.</summary>
    public static readonly string[] AsNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var launcher = Start(args);
        var exitCode = launcher.WaitForExit();
        return (exitCode, launcher.Stdout, launcher.Stderr);
    }

    public int WaitForExit()
    {
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The launcher did not exit within {Patience}. stderr: {Stderr}");
        }
        process.WaitForExit();   // drains the redirected output
        return process.ExitCode;
    }

    /// <summary>Waits until the guest printed <paramref name="text"/>: by then QEMU is running the net.</summary>
    public void WaitForOutput(string text)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, $"The launcher exited before the guest printed '{text}'. stderr: {Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"The guest did not print '{text}' within {Patience}.");
            Thread.Sleep(50);
        }
    }

    public void Signal(int signal) => Assert.Equal(0, kill(process.Id, signal));

    /// <summary>Signals the launcher's whole process group, as Ctrl-C in a terminal does.</summary>
    public void SignalGroup(int signal) => Assert.Equal(0, kill(-process.Id, signal));

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
