using System.Globalization;
using System.Text.RegularExpressions;

namespace Diver.Cli.Run;

/// <summary>
/// The kernel scheduler's knobs a run may set (-p:TimeSlice, -p:IdlePolicy): checked here, then
/// handed to the kernel as diver.KEY=VALUE words in front of the app's argv, which kernels on the
/// Diver platform take out before main (platform/kernel_options.h, sched/policy.c).
/// </summary>
internal static partial class SchedulerOptions
{
    public const int MinTimeSliceMicroseconds = 100;
    public const int MaxTimeSliceMicroseconds = 1_000_000;
    public static readonly string[] IdlePolicies = ["poll", "halt"];

    /// <summary>"10ms", "500us" or a bare number of milliseconds, 100 µs to 1 s.</summary>
    public static int ParseTimeSlice(string text)
    {
        var match = TimeSlicePattern().Match(text.Trim());
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            var us = match.Groups[2].Value.ToLowerInvariant() is "us" or "µs" ? n : n * 1000;
            if (us is >= MinTimeSliceMicroseconds and <= MaxTimeSliceMicroseconds)
                return (int)us;
        }
        throw new DiverException(ErrorCodes.BadTimeSlice,
            $"TimeSlice '{text}' is not a time slice the scheduler takes. Give 100us to 1000ms, for example -p:TimeSlice=10ms or -p:TimeSlice=500us.");
    }

    public static string ParseIdlePolicy(string text)
    {
        var policy = text.Trim().ToLowerInvariant();
        return IdlePolicies.Contains(policy)
            ? policy
            : throw new DiverException(ErrorCodes.BadIdlePolicy,
                $"IdlePolicy '{text}' is unknown. Use poll (idle CPUs poll briefly before they halt: fast hand-offs) or halt (they halt at once: kinder to a shared host).");
    }

    /// <summary>The kernel option words for what the run set; none when it set nothing.</summary>
    public static IEnumerable<string> KernelOptionWords(RunOptions options)
    {
        if (options.TimeSliceMicroseconds is { } us)
            yield return $"diver.timeslice_us={us.ToString(CultureInfo.InvariantCulture)}";
        if (options.IdlePolicy is { } idle)
            yield return $"diver.idle={idle}";
    }

    [GeneratedRegex(@"^([0-9]+)\s*(ms|us|µs)?$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeSlicePattern();
}
