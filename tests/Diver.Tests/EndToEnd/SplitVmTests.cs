using System.Text.RegularExpressions;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// dotnet run -p:DeployMode=SplitVM with the Nautilus kernel: files forwarded to the host proxy,
/// confined to the sandbox, traced, and everything (QEMU, proxy, shared RAM file) gone afterwards.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed partial class SplitVmTests(DiverWorkspace workspace)
{
    [Fact]
    public void Files_are_forwarded_into_the_sandbox_escapes_are_refused_and_the_trace_is_written()
    {
        var app = workspace.CreateApp("splitfiles");
        app.Write("main.c", """
            #include <dirent.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/stat.h>
            #include <time.h>
            #include <unistd.h>
            static void refused(const char *what, const char *path) {
                int fd = open(path, O_RDONLY);
                printf("%s: %s\n", what, fd < 0 ? "refused" : "OPENED");
            }
            int main(int argc, char **argv) {
                printf("argv0=%s argc=%d\n", argv[0], argc);
                FILE *f = fopen("notes.txt", "w");
                if (!f) { printf("fopen: errno %d\n", errno); return 2; }
                fprintf(f, "first %d\nsecond\n", 1);
                fclose(f);
                char line[64];
                f = fopen("notes.txt", "r");
                while (fgets(line, sizeof line, f)) printf("read back: %s", line);
                fclose(f);
                mkdir("box", 0755);
                if (rename("notes.txt", "box/moved.txt") != 0) return 3;
                DIR *d = opendir("box");
                struct dirent *e;
                while ((e = readdir(d))) printf("listed: %s\n", e->d_name);
                closedir(d);
                refused("dotdot", "../outside/secret.txt");
                refused("absolute", "/etc/hostname");
                refused("symlink", "escape/secret.txt");
                struct timespec ts;
                printf("clock: %s\n", clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1600000000 ? "ok" : "bad");
                if (unlink("box/moved.txt") != 0 || rmdir("box") != 0) return 4;
                return 0;
            }
            """);
        var sandbox = Path.Combine(app.Directory, "box-root");
        var outside = Path.Combine(app.Directory, "outside");
        Directory.CreateDirectory(sandbox);
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(sandbox, "escape"), outside);

        var run = app.Run(["-p:DeployMode=SplitVM", $"-p:SplitVMRoot={sandbox}", "-p:ForwardTrace=true"], guestArgs: ["x"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("argv0=splitfiles argc=2", run.StandardOutput);
        Assert.Contains("read back: first 1", run.StandardOutput);
        Assert.Contains("read back: second", run.StandardOutput);
        Assert.Contains("listed: moved.txt", run.StandardOutput);
        Assert.Contains("dotdot: refused", run.StandardOutput);
        Assert.Contains("absolute: refused", run.StandardOutput);
        Assert.Contains("symlink: refused", run.StandardOutput);
        Assert.Contains("clock: ok", run.StandardOutput);
        Assert.Matches("SplitVM: guest vCPUs on host cores? [0-9,]+, proxy on host cores? [0-9,]+", run.StandardError);
        Assert.Equal(["escape"], Directory.EnumerateFileSystemEntries(sandbox).Select(Path.GetFileName));
        Assert.Equal("secret", File.ReadAllText(Path.Combine(outside, "secret.txt")));
        var trace = Path.Combine(Path.GetDirectoryName(app.NetDescription())!, "splitfiles.forward.trace");
        Assert.Contains("write\t", File.ReadAllText(trace));
        Assert.StartsWith("<svg", File.ReadAllText(Path.ChangeExtension(trace, ".svg")));
        Assert.Contains("forwarded calls", run.StandardError);
        AssertCleanedUp(app, run.StandardError);
    }

    [Fact]
    public void A_hung_app_is_stopped_and_the_shared_ram_file_removed()
    {
        var app = workspace.CreateApp("splithang");
        app.Write("main.c", """
            #include <stdio.h>
            int main(void) {
                FILE *f = fopen("started", "w");
                fclose(f);
                printf("looping\n");
                for (;;) { }
            }
            """);

        var run = app.Run(["-p:DeployMode=SplitVM", "-p:RunTimeout=8"]);

        Assert.True(run.ExitCode == 124, run.ToString());
        Assert.Contains("DIVER3005", run.StandardError);
        Assert.True(File.Exists(Path.Combine(app.Directory, "splitvm-root", "started")), run.ToString());
        AssertCleanedUp(app, run.StandardError);
    }

    [Fact]
    public void Guest_ram_has_no_name_on_disk_while_the_net_runs()
    {
        // Guest RAM is a memfd QEMU opens as /dev/fd/N: there is no name in /dev/shm at any moment,
        // so a launcher killed with SIGKILL (even before the kernel's first forwarded call) leaves nothing behind.
        var app = workspace.CreateApp("splitunlink");
        app.Write("main.c", """
            #include <stdio.h>
            int main(void) {
                FILE *f = fopen("up", "w");
                fprintf(f, "up\n");
                fclose(f);
                printf("forwarding works\n");
                for (;;) { }
            }
            """);
        Assert.Equal(0, app.Build().ExitCode);

        using var run = new BackgroundRun(workspace, app, ["--no-build", "-p:DeployMode=SplitVM", "-p:RunTimeout=300"]);

        Assert.NotNull(run.WaitForLine(l => l.Contains("forwarding works"), TimeSpan.FromMinutes(2)));
        var qemu = Assert.Single(QemuProcesses.Mentioning(app.Directory));
        var memPath = MemPath().Match(File.ReadAllText($"/proc/{qemu}/cmdline"));
        Assert.True(memPath.Success);
        Assert.StartsWith("/memfd:diver-guest-ram", new FileInfo($"/proc/{qemu}/fd/{memPath.Groups[1].Value}").LinkTarget);
        Assert.Equal("up\n", File.ReadAllText(Path.Combine(app.Directory, "splitvm-root", "up")));
    }

    [Fact]
    public void In_VM_mode_files_fail_cleanly_with_ENOSYS()
    {
        var app = workspace.CreateApp("vmfiles");
        app.Write("main.c", """
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            int main(void) {
                FILE *f = fopen("x", "w");
                int fd = open("x", O_RDONLY);
                printf("fopen=%s open=%d errno=%s\n", f ? "file" : "NULL", fd, errno == ENOSYS ? "ENOSYS" : "other");
                return 0;
            }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("fopen=NULL open=-1 errno=ENOSYS", run.StandardOutput);
    }

    static void AssertCleanedUp(AppProject app, string stderr)
    {
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
        Assert.Contains("guest RAM shared through a memfd (no file in /dev/shm)", stderr);
    }

    [GeneratedRegex(@"mem-path=/dev/fd/(\d+)")]
    private static partial Regex MemPath();
}
