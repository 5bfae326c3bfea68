using System.Runtime.InteropServices;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// A signal to the one `dotnet run` process (what an IDE's stop button or a CI timeout sends)
/// stops the net: no launcher or QEMU is left running and no Diver file is left in the temp folder.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class RunSignalTests(DiverWorkspace workspace)
{
    const int SIGHUP = 1, SIGINT = 2, SIGKILL = 9, SIGTERM = 15;

    [Theory]
    [InlineData(SIGINT, "VM")]
    [InlineData(SIGTERM, "VM")]
    [InlineData(SIGHUP, "VM")]
    [InlineData(SIGKILL, "VM")]
    [InlineData(SIGKILL, "SplitVM")]
    public void A_signal_to_dotnet_run_alone_stops_the_net(int signal, string mode)
    {
        var app = workspace.CreateApp($"sig{signal}{mode.ToLowerInvariant()}");
        app.Write("main.c", """
            #include <stdio.h>
            int main(void) { printf("spinning\n"); for (;;) { } }
            """);
        Assert.Equal(0, app.Build().ExitCode);
        var temp = Directory.CreateDirectory(Path.Combine(app.Directory, "tmp")).FullName;

        using var run = new BackgroundRun(workspace, app, ["--no-build", $"-p:DeployMode={mode}", "-p:RunTimeout=300"],
            new Dictionary<string, string?> { ["TMPDIR"] = temp });
        Assert.NotNull(run.WaitForLine(l => l.Contains("spinning"), TimeSpan.FromMinutes(2)));
        Assert.NotEmpty(QemuProcesses.Mentioning(app.Directory));

        Assert.Equal(0, kill(run.Id, signal));

        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory, TimeSpan.FromSeconds(20)));
        Assert.NotNull(run.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp), f => Path.GetFileName(f).StartsWith("diver", StringComparison.Ordinal));
    }

    [DllImport("libc")]
    static extern int kill(int pid, int signal);
}
