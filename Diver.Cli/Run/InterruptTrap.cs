using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// Catches SIGINT, SIGTERM and SIGHUP for the length of a run. The default action would end the
/// launcher at once and could leave QEMU running; instead the signal is cancelled, the run is
/// marked interrupted and the supervisor stops QEMU and reaps it before the launcher exits.
/// </summary>
internal sealed class InterruptTrap : IDisposable
{
    readonly List<PosixSignalRegistration> registrations = [];
    readonly ManualResetEventSlim fired = new();
    readonly Lock gate = new();
    Action? onInterrupt;

    InterruptTrap() { }

    public static InterruptTrap Install()
    {
        var trap = new InterruptTrap();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            trap.registrations.Add(PosixSignalRegistration.Create(signal, trap.Handle));
        return trap;
    }

    public bool Fired => fired.IsSet;

    /// <summary>
    /// A terminal's Ctrl-C reaches QEMU and the launcher together; QEMU may exit before this
    /// process has handled its copy. Waiting briefly for it keeps that run reported as interrupted.
    /// </summary>
    public bool WaitFired(TimeSpan timeout) => fired.Wait(timeout);

    /// <summary>Runs <paramref name="action"/> on every signal from now on, and at once if one already came.</summary>
    public void OnInterrupt(Action action)
    {
        lock (gate)
            onInterrupt = action;
        if (Fired)
            action();
    }

    void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Action? action;
        lock (gate)
        {
            fired.Set();
            action = onInterrupt;
        }
        action?.Invoke();
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        fired.Dispose();
    }
}
