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

        // The second run's QEMU is started ahead by diver-prestart from what the first recorded in obj/ (Run/Prestart.cs): same result.
        foreach (var attempt in new[] { "first run", "second run" })
        {
            var run = app.Run(guestArgs: ["one", "two words"]);

            Assert.True(run.ExitCode == 42, attempt + ": " + run);
            Assert.Contains("argc=3", run.StandardOutput);
            Assert.Contains("argv[0]=<hello>", run.StandardOutput);
            Assert.Contains("argv[1]=<one>", run.StandardOutput);
            Assert.Contains("argv[2]=<two words>", run.StandardOutput);
            Assert.Contains("heap-42", run.StandardOutput);
            Assert.Matches("(KVM|TCG)", run.StandardError);
            Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
            Assert.True(File.Exists(Path.Combine(app.Directory, "obj", "Debug", "diver.prestart")), attempt + " left no command for diver-prestart");
        }
    }

    [Fact]
    public void Kernel_memory_functions_copy_fill_and_move_every_length_and_alignment()
    {
        // The platform libc's memcpy/memset move 8 bytes per rep iteration and the tail byte by byte;
        // memmove copies forward when dst is below src. Checked against byte loops for 0-40 bytes at
        // every source and destination offset mod 8, overlapping moves in both directions included.
        var app = workspace.CreateApp("memfuncs");
        app.Write("main.c", """
            #include <stdio.h>
            #include <string.h>
            static unsigned char src[160], dst[160], want[160];
            /* Byte loops through volatile, so the compiler cannot turn the reference back into memcpy/memset. */
            static void ref_copy(unsigned char *d, const unsigned char *s, size_t n) {
                volatile unsigned char *vd = d; const volatile unsigned char *vs = s;
                unsigned char tmp[160];
                for (size_t i = 0; i < n; i++) tmp[i] = vs[i];
                for (size_t i = 0; i < n; i++) vd[i] = tmp[i];
            }
            static void fill(unsigned char *b, int seed) { for (int i = 0; i < 160; i++) ((volatile unsigned char *)b)[i] = (unsigned char)(i * 7 + seed); }
            int main(void) {
                int errors = 0, checks = 0;
                for (size_t n = 0; n <= 40; n++)
                    for (int so = 0; so < 8; so++)
                        for (int d = 0; d < 8; d++) {
                            fill(src, 1); fill(dst, 2); fill(want, 2);
                            memcpy(dst + 16 + d, src + 16 + so, n); ref_copy(want + 16 + d, src + 16 + so, n);
                            errors += memcmp(dst, want, sizeof(dst)) != 0; checks++;
                            fill(dst, 3); fill(want, 3);
                            memset(dst + 16 + d, 0xa5 + so, n);
                            for (size_t i = 0; i < n; i++) ((volatile unsigned char *)want)[16 + d + i] = (unsigned char)(0xa5 + so);
                            errors += memcmp(dst, want, sizeof(dst)) != 0; checks++;
                            /* memmove within one buffer, both directions, distances 1..8 */
                            fill(dst, 4); fill(want, 4);
                            memmove(dst + 32 + d, dst + 32 + so, n); ref_copy(want + 32 + d, want + 32 + so, n);
                            errors += memcmp(dst, want, sizeof(dst)) != 0; checks++;
                        }
                printf("memory functions: %d checks, %d errors\n", checks, errors);
                return errors != 0;
            }
            """);

        var run = app.Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("memory functions: 7872 checks, 0 errors", run.StandardOutput);
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
