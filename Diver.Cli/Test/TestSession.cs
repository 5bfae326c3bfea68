using System.Diagnostics;
using System.Text;
using Diver.Cli.Run;
using Diver.Cli.Symbols;
using Diver.Qemu;

namespace Diver.Cli.Test;

/// <summary>
/// Lists a test net's tests, then runs the selected ones across <c>vms</c> QEMUs. Each VM takes a
/// contiguous share; when a test panics, faults, exits or hangs, that test is reported failed and
/// the VM boots the net again with the tests after it, so one crash costs one boot, not the run.
/// </summary>
internal sealed class TestSession(Func<string[], LaunchPlan> planFor, int panicCode, string imagePath,
    TimeSpan? hangTimeout, Action<TestResult> report, string sourceRoot)
{
    readonly List<TestVm> vms = [];
    readonly Lock gate = new();
    volatile bool interrupted;

    public bool Interrupted => interrupted;

    /// <summary>Stops every VM; the session then returns what finished.</summary>
    public void Interrupt()
    {
        interrupted = true;
        List<TestVm> running;
        lock (gate)
            running = [.. vms];
        foreach (var vm in running)
            vm.Stop();
    }

    public IReadOnlyList<TestCase> List()
    {
        var tests = new List<TestCase>();
        var done = false;
        var console = new StringBuilder();
        var exit = Boot(["--list"], (line, _) =>
        {
            var parsed = GuestTestLine.Parse(line);
            if (parsed.ToTestCase() is { } test) tests.Add(test);
            else if (parsed.Kind == GuestTestLineKind.Done) done = true;
            else console.AppendLine(line);
            return false;
        });
        if (exit.Interrupted || interrupted)
            return [];
        if (!done)
            throw new DiverException(ErrorCodes.TestNetDidNotList,
                $"The net {imagePath} did not list its tests ({Describe(exit)}; its last output: {LastLines(console.ToString())}). " +
                "A test net is a project with <IsTestProject>true</IsTestProject> whose tests use #include <diver/test.h>; " +
                "make sure it defines no main() of its own and that the kernel boots (dotnet run).");
        return tests;
    }

    public void Run(IReadOnlyList<TestCase> tests, int vmCount)
    {
        var shares = Split(tests, vmCount);
        Exception? failure = null;
        var threads = shares.Select(share => new Thread(() =>
        {
            try
            {
                RunShare(share);
            }
            catch (Exception e)
            {
                // A launcher error (QEMU missing, SplitVM cores) stops every VM and reaches Main as itself.
                Interlocked.CompareExchange(ref failure, e, null);
                Interrupt();
            }
        }) { IsBackground = true }).ToList();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        if (failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    static List<List<TestCase>> Split(IReadOnlyList<TestCase> tests, int parts)
    {
        parts = Math.Max(1, Math.Min(parts, tests.Count));
        var shares = new List<List<TestCase>>();
        for (var i = 0; i < parts; i++)
            shares.Add([.. tests.Skip(tests.Count * i / parts).Take(tests.Count * (i + 1) / parts - tests.Count * i / parts)]);
        return shares;
    }

    void RunShare(List<TestCase> share)
    {
        var remaining = share;
        while (remaining.Count > 0 && !interrupted)
        {
            var boot = new BootState(remaining, sourceRoot);
            var exit = Boot(["--run", TestRanges.Format(remaining.Select(t => t.Index))], boot.OnLine);
            foreach (var result in boot.Finished)
                report(result);
            if (interrupted || exit.Interrupted)
                return;
            if (boot.Current is { } crashed)
            {
                report(Crashed(crashed, boot.CurrentOutput.ToString(), exit));
                remaining = [.. remaining.SkipWhile(t => t != crashed.Test).Skip(1)];
                continue;
            }
            remaining = [.. remaining.Where(t => !boot.Reported.Contains(t.Index))];
            if (boot.SawDone || remaining.Count == 0)
                break;
            if (!boot.StartedAny)
            {
                // Nothing started: booting again would fail the same way. Fail what is left, once.
                var why = $"The net did not start its tests: {Describe(exit)}.";
                foreach (var test in remaining)
                    report(new TestResult(test, TestOutcome.Failed, TimeSpan.Zero, DateTimeOffset.Now, DateTimeOffset.Now)
                    {
                        Message = why,
                        Output = boot.Preamble.ToString(),
                    });
                break;
            }
            // The net ended between two tests: boot again for the rest.
        }
    }

    TestResult Crashed(Running running, string output, TestVmExit exit)
    {
        string message;
        string? stack = null;
        if (exit.TimedOut)
            message = $"The test did not finish within {Seconds(hangTimeout!.Value)} (hang timeout) and the net was stopped. " +
                      "Raise it with --blame-hang-timeout or -p:TestTimeout, or look for a hang.";
        else
        {
            var guest = GuestExit.Decode(exit.Status, panicCode);
            message = guest.Kind switch
            {
                GuestExitKind.KernelPanicked => $"The kernel panicked during the test: {PanicLine(output)}",
                GuestExitKind.GuestReset => "The guest reset itself during the test (a triple fault: the kernel crashed before it could report a panic).",
                GuestExitKind.AppExited => $"The net exited with code {guest.AppExitCode} during the test (exit() or abort in test code ends the whole net).",
                _ => $"QEMU failed with exit status {exit.Status} during the test.",
            };
            if (guest.Kind == GuestExitKind.KernelPanicked)
            {
                var frames = BacktraceSymbolizer.Symbolize(PanicReport.Frames(output), imagePath);
                if (frames.Count > 0)
                    stack = string.Join('\n', frames.Select(f => f.TrimStart()));
            }
        }
        return new TestResult(running.Test, TestOutcome.Failed, Stopwatch.GetElapsedTime(running.StartTimestamp), running.StartTime, DateTimeOffset.Now)
        {
            Message = message,
            StackTrace = stack,
            Output = output,
        };
    }

    static string PanicLine(string output)
    {
        var at = output.LastIndexOf("PANIC:", StringComparison.Ordinal);
        if (at < 0) return "(no PANIC line was printed)";
        var end = output.IndexOf('\n', at);
        return (end < 0 ? output[at..] : output[at..end]).Trim();
    }

    static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    string Describe(TestVmExit exit)
    {
        if (exit.TimedOut) return $"it printed nothing for {Seconds(hangTimeout!.Value)}";
        var guest = GuestExit.Decode(exit.Status, panicCode);
        return guest.Kind switch
        {
            GuestExitKind.AppExited => $"it exited with code {guest.AppExitCode}",
            GuestExitKind.KernelPanicked => "the kernel panicked",
            GuestExitKind.GuestReset => "the guest reset itself",
            _ => $"QEMU exited with status {exit.Status}",
        };
    }

    static string LastLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3).ToList();
        return lines.Count == 0 ? "nothing" : string.Join(" | ", lines);
    }

    TestVmExit Boot(string[] guestArguments, Func<string, long, bool> onLine)
    {
        var vm = new TestVm();
        lock (gate)
            vms.Add(vm);
        try
        {
            if (interrupted) return new TestVmExit(0, false, true);
            var plan = planFor(guestArguments);
            // The deploy mode's session per boot, as `run` has (SplitVM: a proxy, pinned with this VM's worker thread).
            using var mode = plan.ModePlan?.Start(plan.Command);
            var exit = vm.Run(mode is null ? plan.Command : mode.Attach(plan.Command), hangTimeout, onLine);
            mode?.Finish(Console.Error);
            return exit;
        }
        finally
        {
            lock (gate)
                vms.Remove(vm);
        }
    }

    sealed record Running(TestCase Test, long StartTimestamp, DateTimeOffset StartTime);

    /// <summary>Follows one boot's console: which test runs, what it printed, how each ended.</summary>
    sealed class BootState(IReadOnlyList<TestCase> tests, string sourceRoot)
    {
        readonly Dictionary<int, TestCase> byIndex = tests.ToDictionary(t => t.Index);
        string? failMessage, failStack, skipReason;

        public List<TestResult> Finished { get; } = [];
        public HashSet<int> Reported { get; } = [];
        public Running? Current { get; private set; }
        public StringBuilder CurrentOutput { get; } = new();
        /// <summary>What the net printed before its first test started (a boot failure's explanation).</summary>
        public StringBuilder Preamble { get; } = new();
        public bool StartedAny { get; private set; }
        public bool SawDone { get; private set; }

        public bool OnLine(string line, long at)
        {
            var parsed = GuestTestLine.Parse(line);
            if (parsed.Text.Length > 0)
                (Current is null ? Preamble : CurrentOutput).Append(parsed.Text).Append('\n');
            switch (parsed.Kind)
            {
                case GuestTestLineKind.Start when byIndex.TryGetValue(parsed.Index, out var test):
                    Current = new Running(test, at, DateTimeOffset.Now);
                    CurrentOutput.Clear();
                    (failMessage, failStack, skipReason) = (null, null, null);
                    StartedAny = true;
                    return true;
                case GuestTestLineKind.Fail when Current is not null && parsed.Fields.Length >= 5:
                    // The first failure is the one that counts (teardown may fail again).
                    if (failMessage is null)
                    {
                        var (file, lineNumber) = (Path.GetFullPath(parsed.Fields[3], sourceRoot), parsed.Fields[2]);
                        failMessage = $"{file}({lineNumber}): {string.Join('\t', parsed.Fields.Skip(4))}";
                        failStack = $"at {Current.Test.Name}() in {file}:line {lineNumber}";
                    }
                    return false;
                case GuestTestLineKind.Skip when Current is not null:
                    skipReason = parsed.Fields.Length > 2 ? parsed.Fields[2] : "";
                    return false;
                case GuestTestLineKind.End when Current is not null && parsed.Index == Current.Test.Index:
                    var outcome = failMessage is not null ? TestOutcome.Failed : skipReason is not null ? TestOutcome.Skipped : TestOutcome.Passed;
                    Finished.Add(new TestResult(Current.Test, outcome, Stopwatch.GetElapsedTime(Current.StartTimestamp, at), Current.StartTime, DateTimeOffset.Now)
                    {
                        Message = failMessage ?? skipReason,
                        StackTrace = failStack,
                        Output = CurrentOutput.ToString(),
                    });
                    Reported.Add(Current.Test.Index);
                    Current = null;
                    return false;
                case GuestTestLineKind.Done:
                    SawDone = true;
                    return false;
                default:
                    return false;
            }
        }
    }
}
