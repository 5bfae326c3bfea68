using System.Diagnostics;
using System.Text;

namespace Diver.Tests.Infrastructure;

/// <summary>
/// A `dotnet run` left running while the test does something else (attach gdb), with its output
/// collected line by line so the test can wait for a line. Disposing kills whatever is left.
/// </summary>
public sealed class BackgroundRun : IDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();
    readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> waiters = [];
    readonly string appDirectory;

    public BackgroundRun(DiverWorkspace workspace, AppProject app, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        appDirectory = app.Directory;
        var start = new ProcessStartInfo("dotnet", ["run", .. arguments])
        {
            WorkingDirectory = app.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (k, v) in workspace.Dotnet.Environment) start.Environment[k] = v;
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The dotnet run process itself (the launcher is its child).</summary>
    public int Id => process.Id;

    public string Output { get { lock (output) return output.ToString(); } }

    void Received(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            output.AppendLine(line);
            foreach (var (match, seen) in waiters)
                if (match(line)) seen.TrySetResult(line);
        }
    }

    /// <summary>The first line (already printed or still to come) that matches, or null after the timeout.</summary>
    public string? WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (output)
        {
            var earlier = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (earlier is not null) return earlier;
            waiters.Add((match, seen));
        }
        return seen.Task.Wait(timeout) ? seen.Task.Result : null;
    }

    /// <summary>The exit code, or null if it did not exit in time.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) return null;
        process.WaitForExit();   // drains the asynchronous readers
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        QemuProcesses.KillAll(appDirectory);
        process.Dispose();
    }
}
