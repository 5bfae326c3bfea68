using System.ComponentModel;
using System.Diagnostics;

namespace Diver.Cli.Slurm;

/// <summary>
/// Cancels a run's batch jobs should the launcher waiting for them die outright (SIGKILL, a crash)
/// and so never reach its own scancel. A small shell in a session of its own (so a kill aimed at the
/// launcher's process group misses it) reads job ids from a pipe this launcher writes: "done" when the
/// launcher ends normally; end of file without it means the launcher is gone (the kernel closes its
/// end of the pipe), and the shell cancels every job it was told about. Batch jobs have no process
/// here a parent-death signal could reach; srun steps do, see <see cref="SrunStep"/>.
/// </summary>
internal sealed class JobsCancelledOnDeath : IDisposable
{
    const string Script = """
        exec >/dev/null 2>&1
        ids=
        while read -r line; do
            [ "$line" = done ] && exit 0
            ids="$ids $line"
        done
        [ -n "$ids" ] && exec "$0" $ids
        """;

    readonly Process? watcher;

    public JobsCancelledOnDeath()
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var argument in new[] { "sh", "-c", Script, SlurmClient.Find("scancel") })
            start.ArgumentList.Add(argument);
        try
        {
            watcher = Process.Start(start);
        }
        catch (Win32Exception)
        {
            // No setsid (util-linux): the run still cancels its jobs on every ending it lives through.
            watcher = null;
        }
    }

    /// <summary>A job just submitted: cancelled too should this launcher die from here on.</summary>
    public void Add(string jobId)
    {
        if (watcher is null) return;
        watcher.StandardInput.WriteLine(jobId);
        watcher.StandardInput.Flush();
    }

    public void Dispose()
    {
        if (watcher is null) return;
        try
        {
            watcher.StandardInput.WriteLine("done");
            watcher.StandardInput.Close();
        }
        catch (IOException)
        {
            // The shell is gone already (killed with its session): nothing left to tell it.
        }
        watcher.WaitForExit(TimeSpan.FromSeconds(2));
        watcher.Dispose();
    }
}
