using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>gdb on a waiting net, symbolized panic backtraces, and the quiet run.</summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed partial class DebuggingTests(DiverWorkspace workspace)
{
    const string AnswerApp = """
        #include <stdio.h>
        int main(int argc, char **argv) {
            int answer = 6 * 7;
            printf("answer is %d\n", answer);
            return answer - 39;
        }
        """;

    [Fact]
    public async Task Gdb_attaches_breaks_at_main_reads_a_local_and_the_run_exits_with_the_apps_code()
    {
        var app = workspace.CreateApp("gdbwait");
        app.Write("main.c", AnswerApp);
        Assert.Equal(0, app.Build().ExitCode);

        using var run = new BackgroundRun(workspace, app, ["--no-build", "-p:WaitForDebugger=true", "-p:RunTimeout=600"]);
        var hint = run.WaitForLine(l => l.Contains("target remote"), TimeSpan.FromMinutes(2));
        Assert.True(hint is not null, "no gdb command was printed:\n" + run.Output);
        Assert.Contains("waiting for gdb", run.Output);
        Assert.Contains(app.Image(), hint);
        var port = TargetRemotePort().Match(hint!).Groups[1].Value;

        // The command Diver printed, in batch mode, plus stepping to the local and reading it.
        using var gdbTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var gdb = await Cli.Wrap("gdb")
            .WithArguments(["-q", "-batch", "-nx", app.Image(), "-ex", $"target remote 127.0.0.1:{port}",
                "-ex", "hbreak main", "-ex", "continue", "-ex", "next", "-ex", "print answer", "-ex", "continue"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(gdbTimeout.Token);

        var gdbOutput = gdb.StandardOutput + gdb.StandardError;
        Assert.Contains("Breakpoint 1, main", gdbOutput);
        Assert.Contains("$1 = 42", gdbOutput);
        Assert.Equal(3, run.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains("answer is 42", run.Output);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Busy_gdb_port_is_refused_with_a_code()
    {
        var app = workspace.CreateApp("gdbbusy");
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var run = app.Run(["-p:WaitForDebugger=true", $"-p:GdbPort={port}"]);

        BuildErrorTests.AssertFailedWith(run, "DIVER3601", $"GDB port {port} cannot be used");
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Fault_prints_a_backtrace_that_names_the_faulting_function_and_line()
    {
        var app = workspace.CreateApp("backtrace");
        app.Write("main.c", """
            #include <stdio.h>
            static int __attribute__((noinline)) read_through(volatile int *p) {
                return *p + 1;
            }
            int main(int argc, char **argv) {
                printf("about to fault\n");
                return read_through((volatile int *)0);
            }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("error DIVER3004", run.StandardError);
        Assert.Matches(@"#0\s+0x[0-9a-f]+ read_through\+0x[0-9a-f]+ at \S*main\.c:3", run.StandardError);
        Assert.Matches(@"#1\s+0x[0-9a-f]+ main\+0x[0-9a-f]+ at \S*main\.c:7", run.StandardError);
    }

    [Fact]
    public void Quiet_run_prints_nothing_from_diver()
    {
        var app = workspace.CreateApp("quiet");
        app.Write("main.c", AnswerApp);
        Assert.Equal(0, app.Build().ExitCode);

        var loud = app.Run(["--no-build"]);
        var quiet = app.Run(["--no-build", "-v", "q"]);

        Assert.Contains("diver: booting quiet (Diver.Kernel.Nautilus default) in VM mode on QEMU microvm", loud.StandardError);
        Assert.Equal(3, quiet.ExitCode);
        Assert.Contains("answer is 42", quiet.StandardOutput);
        Assert.DoesNotContain("diver", quiet.Output);
    }

    [GeneratedRegex(@"target remote 127\.0\.0\.1:(\d+)")]
    private static partial Regex TargetRemotePort();
}
