using System.Runtime.InteropServices;
using Diver.Cli.Run;
using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Pipelines;

/// <summary>
/// A pipe between the runner and one stage's launcher. Both ends are close-on-exec from birth;
/// the child's end is made inheritable only around the one Process.Start that hands it over
/// (the runner starts stages from one thread), so no other child holds a pipe end open and keeps
/// a reader from ever seeing end of stream.
/// </summary>
internal sealed class HostPipe : IDisposable
{
    const int O_CLOEXEC = 0x80000;

    readonly SafeFileHandle runnerEnd;
    SafeFileHandle? childEnd;
    /// <summary>The runner's end as a stream (read for a stage's output, write for its input).</summary>
    public FileStream Stream { get; }
    /// <summary>The descriptor number the child launcher inherits, as `--channel-in/--channel-out` take it.</summary>
    public int ChildDescriptor { get; }

    HostPipe(SafeFileHandle runnerEnd, SafeFileHandle childEnd, bool runnerReads)
    {
        this.runnerEnd = runnerEnd;
        this.childEnd = childEnd;
        ChildDescriptor = checked((int)childEnd.DangerousGetHandle());
        Stream = new FileStream(runnerEnd, runnerReads ? FileAccess.Read : FileAccess.Write, 0);
    }

    /// <summary>A pipe whose write end goes to the child (the stage's output channel).</summary>
    public static HostPipe FromChild() => Create(runnerReads: true);
    /// <summary>A pipe whose read end goes to the child (the stage's input channel).</summary>
    public static HostPipe ToChild() => Create(runnerReads: false);

    static HostPipe Create(bool runnerReads)
    {
        var fds = new int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
            throw new DiverException(ErrorCodes.QemuFailed,
                $"A pipe between pipeline stages could not be created: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}. Free some file descriptors and run again.");
        // A bigger pipe means fewer wake-ups per MiB between the runner and a launcher (best effort).
        Descriptors.GrowPipe(fds[1], 1 << 20);
        var read = new SafeFileHandle(fds[0], ownsHandle: true);
        var write = new SafeFileHandle(fds[1], ownsHandle: true);
        return runnerReads ? new HostPipe(read, write, true) : new HostPipe(write, read, false);
    }

    /// <summary>Runs <paramref name="start"/> with the child's end inheritable, then closes the runner's copy of it.</summary>
    public static void HandOver(IReadOnlyList<HostPipe> pipes, Action start)
    {
        foreach (var pipe in pipes)
            _ = Descriptors.SetInherited(pipe.ChildDescriptor, true);
        try
        {
            start();
        }
        finally
        {
            foreach (var pipe in pipes)
            {
                _ = Descriptors.SetInherited(pipe.ChildDescriptor, false);
                pipe.childEnd?.Dispose();
                pipe.childEnd = null;
            }
        }
    }

    public void Dispose()
    {
        childEnd?.Dispose();
        Stream.Dispose();
        runnerEnd.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int pipe2(int[] fds, int flags);
}
