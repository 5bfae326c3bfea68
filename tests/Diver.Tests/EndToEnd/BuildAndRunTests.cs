using System.Text.Json;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

[Collection(DiverWorkspaceCollection.Name)]
public sealed class BuildAndRunTests(DiverWorkspace workspace)
{
    [Fact]
    public void Build_writes_the_image_and_its_description()
    {
        var app = workspace.CreateApp("described");

        var build = app.Build();

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(app.Image()), "no image at " + app.Image());
        using var net = JsonDocument.Parse(File.ReadAllText(app.NetDescription()));
        var root = net.RootElement;
        Assert.Equal("described", root.GetProperty("name").GetString());
        Assert.Equal("described.elf", root.GetProperty("image").GetString());
        Assert.Equal("Diver.Kernel.Nautilus", root.GetProperty("kernel").GetProperty("id").GetString());
        Assert.Equal(workspace.Version, root.GetProperty("kernel").GetProperty("version").GetString());
        Assert.Equal("default", root.GetProperty("kernel").GetProperty("config").GetString());
        Assert.Equal(new FileInfo(app.Image()).Length, root.GetProperty("imageSize").GetInt64());
        Assert.Equal(64, root.GetProperty("sha256").GetString()!.Length);
        Assert.Contains("VM", root.GetProperty("deployModes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Run_boots_the_net_passes_arguments_and_returns_the_apps_exit_code()
    {
        var app = workspace.CreateApp("hello");
        app.Write("main.c", """
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                printf("argc=%d\n", argc);
                for (int i = 0; i < argc; i++) printf("argv[%d]=<%s>\n", i, argv[i]);
                char *p = malloc(64);
                snprintf(p, 64, "%s-%d", "heap", 42);
                puts(p);
                free(p);
                return argc == 3 ? 42 : 1;
            }
            """);

        var run = app.Run(guestArgs: ["one", "two words"]);

        Assert.True(run.ExitCode == 42, run.ToString());
        Assert.Contains("argc=3", run.StandardOutput);
        Assert.Contains("argv[0]=<hello>", run.StandardOutput);
        Assert.Contains("argv[1]=<one>", run.StandardOutput);
        Assert.Contains("argv[2]=<two words>", run.StandardOutput);
        Assert.Contains("heap-42", run.StandardOutput);
        Assert.Matches("(KVM|TCG)", run.StandardError);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Template_app_runs_with_exit_code_zero_and_sized_vm()
    {
        var app = workspace.CreateApp("sized");

        var run = app.Run(["-p:Cpus=2", "-p:Memory=64M"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Hello from sized on the Nautilus kernel!", run.StandardOutput);
        Assert.Contains("2 vCPU", run.StandardError);
        Assert.Contains("64 MiB", run.StandardError);
    }

    [Fact]
    public void Console_input_reaches_the_guest()
    {
        var app = workspace.CreateApp("echo");
        app.Write("main.c", """
            #include <stdio.h>
            int main(int argc, char **argv) {
                char line[64]; int n = 0, c;
                while (n < 63 && (c = getchar()) != '\n' && c != '\r' && c != EOF) line[n++] = (char)c;
                line[n] = 0;
                printf("got <%s>\n", line);
                return 0;
            }
            """);
        Assert.Equal(0, app.Build().ExitCode);

        var run = workspace.Dotnet.Execute("/bin/sh", app.Directory, ["-c", "printf 'ping\\n' | dotnet run --no-build -p:RunTimeout=120"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("got <ping>", run.StandardOutput);
    }

    [Fact]
    public void An_exit_status_the_vm_cannot_carry_gets_a_notice()
    {
        var app = workspace.CreateApp("exit300");
        app.Write("main.c", """
            int main(void) { return 300; }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode == 44, run.ToString());   // 300 & 0xff, as POSIX keeps the low 8 bits
        Assert.Contains("diver: exit status 300 leaves the VM as 44 (only 0-125 pass through unchanged)", run.Output);
    }
}
