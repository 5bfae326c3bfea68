using System.Diagnostics;

namespace Diver.Cli.SplitVm;

/// <summary>
/// How the proxy waits for the next request. It busy-polls while calls keep coming (a call then
/// costs no wake-up at all), yields after a short quiet spell and sleeps after a long one, so an
/// app that computes for minutes between calls does not keep a host core at 100 %.
/// </summary>
internal sealed class IdlePolicy
{
    static readonly long SpinTicks = Stopwatch.Frequency / 5000;    // 200 µs
    static readonly long YieldTicks = Stopwatch.Frequency / 50;     // 20 ms
    long lastWork = Stopwatch.GetTimestamp();

    public void Worked() => lastWork = Stopwatch.GetTimestamp();

    public void Wait()
    {
        var idle = Stopwatch.GetTimestamp() - lastWork;
        if (idle < SpinTicks)
            Thread.SpinWait(8);
        else if (idle < YieldTicks)
            Thread.Yield();
        else
            Thread.Sleep(1);
    }
}
