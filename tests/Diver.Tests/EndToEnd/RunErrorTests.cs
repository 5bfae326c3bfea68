using System.Diagnostics;
using System.Text;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>Failures while running: each has a DIVER code, a sentence, no stack trace, and leaves no QEMU behind.</summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class RunErrorTests(DiverWorkspace workspace)
{
    [Fact]
    public void Unknown_deploy_mode_lists_the_valid_ones()
    {
        var app = workspace.CreateApp("badmode");

        var run = app.Run(["-p:DeployMode=Cloud"]);

        BuildErrorTests.AssertFailedWith(run, "DIVER3001", "Valid modes: VM");
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Missing_qemu_says_how_to_install_it()
    {
        var app = workspace.CreateApp("noqemu");

        var run = app.Run(["-p:DiverQemu=/nonexistent/qemu-system-x86_64"]);

        BuildErrorTests.AssertFailedWith(run, "DIVER3002", "apt-get install qemu-system-x86");
    }

    [Fact]
    public void Guest_fault_shows_the_panic_and_fails()
    {
        var app = workspace.CreateApp("fault");
        app.Write("main.c", """
            #include <stdio.h>
            int main(int argc, char **argv) {
                volatile int *bad = (volatile int *)0xdead00000000ull;
                printf("about to fault\n");
                return *bad;
            }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("about to fault", run.StandardOutput);
        Assert.Contains("PANIC", run.StandardOutput);
        Assert.Contains("error DIVER3004", run.Output);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Failed_assert_panics_with_its_expression()
    {
        var app = workspace.CreateApp("assertion");
        app.Write("main.c", """
            #include <assert.h>
            int main(int argc, char **argv) { assert(argc == 99); return 0; }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("argc == 99", run.StandardOutput);
        Assert.Contains("error DIVER3004", run.Output);
    }

    [Fact]
    public void Guest_that_never_exits_is_stopped_at_the_run_timeout()
    {
        var app = workspace.CreateApp("hang");
        app.Write("main.c", "int main(int argc, char **argv) { for (;;) { __asm__ volatile(\"pause\"); } }\n");

        var run = app.Run(["-p:RunTimeout=3"]);

        BuildErrorTests.AssertFailedWith(run, "DIVER3005", "RunTimeout");
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Ctrl_C_during_dotnet_run_stops_qemu_too()
    {
        var app = workspace.CreateApp("interrupt");
        app.Write("main.c", """
            #include <stdio.h>
            int main(int argc, char **argv) { printf("guest is up\n"); for (;;) { __asm__ volatile("pause"); } }
            """);
        Assert.Equal(0, app.Build().ExitCode);

        // setsid gives dotnet run its own process group, as a terminal would; Ctrl-C sends SIGINT to that group.
        var start = new ProcessStartInfo("setsid", ["dotnet", "run", "--no-build", "-p:RunTimeout=300"])
        {
            WorkingDirectory = app.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (k, v) in workspace.Dotnet.Environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var up = new ManualResetEventSlim();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); if (e.Data?.Contains("guest is up") == true) up.Set(); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(up.Wait(TimeSpan.FromMinutes(2)), "the guest never started:\n" + output);
            Assert.NotEmpty(QemuProcesses.Mentioning(app.Directory));

            Process.Start("kill", ["-INT", "--", $"-{process.Id}"])!.WaitForExit();

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "dotnet run did not stop after SIGINT:\n" + output);
            Assert.NotEqual(0, process.ExitCode);
            Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            QemuProcesses.KillAll(app.Directory);
        }
    }
}
