using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Diver.Cli.Run;
using Diver.Cli.SplitVm;
using Diver.Cli.Test;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver test NET`: what `dotnet test` runs for a Diver test project (Diver.Test.targets).
/// Boots the net once to list its tests, then runs the selected ones in one or more VMs,
/// reporting each as VSTest's console logger does and writing TRX on request. QEMU command lines
/// come from the same <see cref="LaunchPlan"/> as `run`, so every run option means the same here.
/// </summary>
internal static class TestCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            WriteHelp(Console.Out);
            return 0;
        }
        var options = TestOptions.Parse(args);
        var loggers = TestLoggers.Parse(options.Loggers);
        var net = NetDescription.Load(options.Run.NetPath);
        var image = NetImage.Locate(net, options.Run.NetPath);
        var qemu = QemuLocator.Find(options.Run.QemuPath,
            Environment.GetEnvironmentVariable(QemuLocator.EnvironmentVariable),
            Environment.GetEnvironmentVariable("PATH"));
        var kvm = new Lazy<KvmAvailability>(() => AcceleratorProbe.ProbeKvm());
        var logs = new ConcurrentBag<ConsoleLog>();
        // Read once: a boot in a mode that divides the host (SplitVM) pins the thread that starts it to the guest's cores.
        var hostCores = HostCpus.Allowed();
        LaunchPlan PlanFor(string[] guestArguments)
        {
            var log = ConsoleLog.CreateName();
            logs.Add(log);
            var run = options.Run with { GuestArguments = [.. guestArguments] };
            return LaunchPlan.Create(run, net, image, () => kvm.Value, qemu, log.Path,
                () => run.Mode.Plan(new Modes.ModeRequest(run, net, () => hostCores)));
        }
        // Checked once before anything boots, so a bad option fails fast with run's own message.
        var sample = PlanFor([]);

        var console = loggers.FirstOrDefault(l => l.Name == "console");
        var reporter = new ConsoleTestReporter(Console.Out,
            ConsoleTestReporter.ParseVerbosity(console?.Parameters.GetValueOrDefault("verbosity")));
        var results = new ConcurrentQueue<TestResult>();
        // clang's __FILE__ is the path it was given, relative to the project: make it one editors open.
        var root = options.SourceRoot ?? Directory.GetCurrentDirectory();
        var session = new TestSession(PlanFor, net.Exit.PanicCode, image, options.HangTimeout, r =>
        {
            results.Enqueue(r);
            reporter.Report(r);
        }, root);
        using var trap = InterruptTrap.Install();
        trap.OnInterrupt(session.Interrupt);
        var source = $"{Path.GetFileName(image)} ({$"{net.Kernel.Id} {net.Kernel.Config}".Trim()})";
        try
        {
            var start = DateTimeOffset.Now;
            var clock = Stopwatch.StartNew();
            var all = session.List().Select(t => t with { File = Path.GetFullPath(t.File, root) }).ToList();
            if (session.Interrupted)
                return Interrupted();
            var filter = TestFilter.Parse(options.Filter);
            var selected = all.Where(t => filter is null || filter.Matches(t)).ToList();
            if (options.ListOnly)
            {
                Console.Out.WriteLine("The following Tests are available:");
                foreach (var test in selected)
                    Console.Out.WriteLine($"    {test.FullyQualifiedName}");
                return 0;
            }
            if (selected.Count == 0)
            {
                Console.Out.WriteLine(filter is null
                    ? $"No test is available in {image}: add DIVER_TEST(name) {{ ... }} functions (#include <diver/test.h>)."
                    : $"No test matches the given testcase filter `{options.Filter}` in {image}");
                return 0;
            }
            // By default as many VMs as the host has cores for (under TCG each vCPU needs a core).
            var vms = options.Vms ?? Math.Max(1, hostCores.Count / Math.Max(1, sample.Command.Cpus));
            // A mode that divides the host's cores (SplitVM: one guest and its proxy) boots one VM at a time.
            vms = options.Run.Mode.PartitionsHost ? 1 : Math.Min(vms, selected.Count);
            Console.Out.WriteLine($"Test run for {source}");
            Console.Out.WriteLine($"Starting test execution: {selected.Count} test{(selected.Count == 1 ? "" : "s")} in {vms} VM{(vms == 1 ? "" : "s")} ({sample.Banner.Split(", ", 2).Last()}), please wait...");
            session.Run(selected, vms);
            if (session.Interrupted)
                return Interrupted();
            var ordered = results.OrderBy(r => r.Case.Index).ToList();
            reporter.Summary(ordered, clock.Elapsed, source);
            WriteTrx(loggers, options.ResultsDirectory, ordered, image, start);
            if (options.ErrorFile is { } errorFile)
                WriteErrorFile(errorFile, ordered);
            return ordered.Any(r => r.Outcome == TestOutcome.Failed) ? LauncherExitCodes.TestsFailed : 0;
        }
        finally
        {
            foreach (var log in logs)
                log.Dispose();
        }
    }

    static int Interrupted()
    {
        ErrorOutput.Write(ErrorCodes.Interrupted, "Interrupted; the test run was stopped.");
        return LauncherExitCodes.Interrupted;
    }

    static void WriteTrx(IReadOnlyList<TestLogger> loggers, string? resultsDirectory, IReadOnlyList<TestResult> results, string image, DateTimeOffset start)
    {
        foreach (var trx in loggers.Where(l => l.Name == "trx"))
        {
            var directory = resultsDirectory ?? Path.Combine(Directory.GetCurrentDirectory(), "TestResults");
            var name = trx.Parameters.GetValueOrDefault("LogFileName") ?? TrxWriter.DefaultFileName(start);
            var path = Path.GetFullPath(Path.Combine(directory, name));
            TrxWriter.Write(path, results, image, start, DateTimeOffset.Now);
            Console.Out.WriteLine($"Results File: {path}");
        }
    }

    /// <summary>file TAB line TAB test TAB message: the task logs each as an MSBuild error at its source line.</summary>
    static void WriteErrorFile(string path, IReadOnlyList<TestResult> results)
    {
        var lines = results.Where(r => r.Outcome == TestOutcome.Failed).Select(r =>
        {
            var message = (r.Message ?? "").Replace('\n', ' ').Replace('\t', ' ');
            // An assertion's message starts with "file(line): "; a crash is placed at the DIVER_TEST line.
            var at = message.IndexOf("): ", StringComparison.Ordinal);
            var open = at > 0 ? message.LastIndexOf('(', at) : -1;
            if (open > 0 && int.TryParse(message[(open + 1)..at], NumberStyles.None, CultureInfo.InvariantCulture, out var line))
                return $"{message[..open]}\t{line}\t{r.Case.FullyQualifiedName}\t{message[(at + 3)..]}";
            return $"{r.Case.File}\t{r.Case.Line}\t{r.Case.FullyQualifiedName}\t{message}";
        });
        File.WriteAllLines(path, lines);
    }

    static void WriteHelp(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver test <NET> [options]");
        w.WriteLine();
        w.WriteLine("Runs the DIVER_TEST tests of a test net (what `dotnet test` calls) and reports each one.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  --filter <EXPR>             VSTest filter: Name~x, ClassName=file, FullyQualifiedName!=f.t, & | ( ).");
        w.WriteLine("  --logger <LOGGER>           trx[;LogFileName=F] or console[;verbosity=quiet|minimal|normal|detailed].");
        w.WriteLine("  --results-directory <DIR>   Where TRX files go (default: ./TestResults).");
        w.WriteLine("  --hang-timeout <DURATION>   Fail a test that runs longer (90s, 5min, 500ms; 0: none) and go on.");
        w.WriteLine("  --vms <N>                   VMs running tests at once (default: host cores / the net's vCPUs).");
        w.WriteLine("  --list-tests                List the tests (after --filter) instead of running them.");
        w.WriteLine("  --error-file <PATH>         Write failed tests as file, line, name, message (for the MSBuild task).");
        w.WriteLine("  --source-root <DIR>         Folder relative source paths are relative to (default: the current one).");
        w.WriteLine("  --cpus, --memory, --accel, --qemu, --machine   As for `dotnet diver run`.");
        w.WriteLine();
        w.WriteLine("Exit codes: 0 every test passed or was skipped; 1 Diver error; 2 a test failed; 130 interrupted.");
    }
}
