using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Diver.Cli.SplitVm;

/// <summary>
/// How the proxy (and a channel relay) waits for the next piece of work. It busy-polls while work
/// keeps coming (it then costs no wake-up at all), yields after a short quiet spell and sleeps after
/// a long one, so an app that computes for minutes between calls does not keep a host core at 100 %.
/// </summary>
internal sealed class IdlePolicy
{
    static readonly long SpinTicks = Stopwatch.Frequency / 5000;    // 200 µs
    static readonly long YieldTicks = Stopwatch.Frequency / 50;     // 20 ms
    readonly long spinTicks;
    readonly uint napMicroseconds;
    long lastWork = Stopwatch.GetTimestamp();

    public IdlePolicy() : this(SpinTicks, 0) { }

    IdlePolicy(long spinTicks, uint napMicroseconds)
    {
        this.spinTicks = spinTicks;
        this.napMicroseconds = napMicroseconds;
    }

    /// <summary>
    /// A channel relay's: it spins only 20 µs, then naps 50 µs at a time instead of yielding. In a
    /// stream the relay waits whenever a guest is behind, and on a host with fewer cores than busy
    /// threads a spinning or yielding relay takes the core that guest needs (a yield on a busy core
    /// hands it straight back); a nap gives the core away and still answers within 50 µs.
    /// </summary>
    public static IdlePolicy ForChannels() => new(Stopwatch.Frequency / 50000, 50);

    public void Worked() => lastWork = Stopwatch.GetTimestamp();

    public void Wait()
    {
        var idle = Stopwatch.GetTimestamp() - lastWork;
        if (idle < spinTicks)
            Thread.SpinWait(8);
        else if (idle >= YieldTicks)
            Thread.Sleep(1);
        else if (napMicroseconds > 0)
            _ = usleep(napMicroseconds);
        else
            Thread.Yield();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int usleep(uint microseconds);
}
