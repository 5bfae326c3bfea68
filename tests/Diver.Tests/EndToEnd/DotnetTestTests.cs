using System.Xml.Linq;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// `dotnet test` on Diver test projects with the real CLI, clang and QEMU: per-test results,
/// crashes and hangs that fail one test while the rest still run, TRX, --filter, several VMs,
/// a kernel project's own tests, and each DIVER50xx error.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class DotnetTestTests(DiverWorkspace workspace)
{
    static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>A diver-test project testing an app's calc.c, with tests that pass, fail, skip, panic and hang.</summary>
    AppProject CalcTests()
    {
        var app = workspace.CreateApp("calc");
        app.Write("calc.h", "int add(int a, int b);\n");
        app.Write("calc.c", "#include \"calc.h\"\nint add(int a, int b) { return a + b; }\n");
        var tests = workspace.CreateApp("calc_tests", "diver-test");
        var appFolder = Path.GetRelativePath(tests.Directory, app.Directory);
        tests.EditProject(p => p.Replace("</Project>", $"""
              <ItemGroup>
                <CSource Include="{appFolder}/*.c" Exclude="{appFolder}/main.c" />
                <CIncludeDirectory Include="{appFolder}" />
              </ItemGroup>
            </Project>
            """));
        tests.Write("more.c", """
            #include <diver/test.h>
            #include <stdio.h>
            #include "calc.h"

            DIVER_TEST(uses_the_app_code) { DIVER_ASSERT_EQ(add(40, 2), 42); }
            DIVER_TEST(fails_eq)
            {
                printf("before the assertion\n");
                DIVER_ASSERT_EQ(add(1, 2), 4);
            }
            DIVER_TEST(panics) { volatile int *p = (volatile int *)0x10; *p = 1; }
            DIVER_TEST(hangs) { for (;;) { } }
            DIVER_TEST(after_the_crash) { DIVER_ASSERT_STR_EQ("ok", "ok"); }
            """);
        return tests;
    }

    [Fact]
    public void Dotnet_test_reports_each_test_and_survives_panics_and_hangs()
    {
        var tests = CalcTests();
        var results = Path.Combine(tests.Directory, "out");

        var run = workspace.Dotnet.Run(tests.Directory,
            ["test", "-p:TestTimeout=15s", "--logger", "trx;LogFileName=r.trx", "--results-directory", results]);

        Assert.True(run.ExitCode != 0, run.ToString());
        var output = run.StandardOutput;
        Assert.Contains("Passed tests.adds_small_numbers", output);
        Assert.Contains("Passed more.uses_the_app_code", output);
        Assert.Contains("Skipped tests.needs_two_cpus", output);
        Assert.Contains("Failed more.fails_eq", output);
        var moreC = Path.Combine(tests.Directory, "more.c");
        Assert.Contains($"{moreC}(9): Assert failed: add(1, 2) == 4; add(1, 2) is 3, 4 is 4", output);
        Assert.Contains("before the assertion", output);
        Assert.Contains("Failed more.panics", output);
        Assert.Contains("The kernel panicked during the test: PANIC: Page fault", output);
        Assert.Contains($"diver_test_body_panics+0x", output);
        Assert.Contains($"{moreC}:11", output);
        Assert.Contains("Failed more.hangs", output);
        Assert.Contains("did not finish within 15 s", output);
        // The crash and the hang each cost a boot, not the rest of the run.
        Assert.Contains("Passed more.after_the_crash", output);
        Assert.Contains("Failed!  - Failed:     3, Passed:     4, Skipped:     1, Total:     8", output);
        // Each failure is an MSBuild error at the line a CI server or editor links to.
        Assert.Contains($"{moreC}(9): error DIVER5001: Test more.fails_eq failed", output);
        Assert.Contains($"{moreC}(11): error DIVER5001: Test more.panics failed", output);

        var trx = XDocument.Load(Path.Combine(results, "r.trx"));
        var outcomes = trx.Descendants(Trx + "UnitTestResult").ToDictionary(r => (string)r.Attribute("testName")!, r => r);
        Assert.Equal(8, outcomes.Count);
        Assert.Equal("Passed", (string?)outcomes["more.after_the_crash"].Attribute("outcome"));
        Assert.Equal("NotExecuted", (string?)outcomes["tests.needs_two_cpus"].Attribute("outcome"));
        Assert.Equal("Failed", (string?)outcomes["more.hangs"].Attribute("outcome"));
        Assert.Contains("add(1, 2) is 3", outcomes["more.fails_eq"].Descendants(Trx + "Message").Single().Value);
        Assert.Contains("diver_test_body_panics", outcomes["more.panics"].Descendants(Trx + "StackTrace").Single().Value);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(tests.Directory));
    }

    [Fact]
    public void Filter_selects_tests_and_several_vms_share_them()
    {
        var tests = CalcTests();

        var run = workspace.Dotnet.Run(tests.Directory,
            ["test", "--filter", "Name~adds|Name=after_the_crash|ClassName=more&Name=uses_the_app_code", "-p:TestVMs=2", "-p:Cpus=1"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 tests in 2 VMs", run.StandardOutput);
        Assert.Contains("Passed tests.adds_small_numbers", run.StandardOutput);
        Assert.Contains("Passed more.after_the_crash", run.StandardOutput);
        Assert.Contains("Passed more.uses_the_app_code", run.StandardOutput);
        Assert.DoesNotContain("panics", run.StandardOutput);
        Assert.Contains("Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3", run.StandardOutput);

        var list = workspace.Dotnet.Run(tests.Directory, ["test", "--no-build", "--list-tests", "--filter", "ClassName=more"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("    more.hangs", list.StandardOutput);
        Assert.DoesNotContain("tests.adds_small_numbers", list.StandardOutput);
    }

    [Fact]
    public void SplitVM_runs_tests_with_a_proxy_per_boot()
    {
        var tests = CalcTests();
        // A call the proxy must serve: the file lands in the sandbox only if QEMU and the proxy share guest RAM.
        tests.Write("forward.c", """
            #include <diver/test.h>
            #include <stdio.h>

            DIVER_TEST(writes_a_forwarded_file)
            {
                FILE *f = fopen("/forwarded.txt", "w");
                DIVER_ASSERT(f != NULL);
                fputs("through the proxy\n", f);
                DIVER_ASSERT_EQ(fclose(f), 0);
            }
            """);

        var run = workspace.Dotnet.Run(tests.Directory,
            ["test", "-p:DeployMode=SplitVM", "-p:TestTimeout=60s", "--filter", "Name=uses_the_app_code|Name=panics|Name=after_the_crash|Name=writes_a_forwarded_file"]);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("4 tests in 1 VM", run.StandardOutput);
        Assert.Contains("Passed forward.writes_a_forwarded_file", run.StandardOutput);
        Assert.Equal("through the proxy\n", File.ReadAllText(Path.Combine(tests.Directory, "splitvm-root", "forwarded.txt")));
        Assert.Contains("Passed more.uses_the_app_code", run.StandardOutput);
        Assert.Contains("Failed more.panics", run.StandardOutput);
        Assert.Contains("Passed more.after_the_crash", run.StandardOutput);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(tests.Directory));
    }

    [Fact]
    public void A_test_project_on_the_Posix_kernel_runs_ordinary_C_with_musl()
    {
        var tests = workspace.CreateApp("posix_tests", "diver-test");
        tests.EditProject(p => p.Replace("Include=\"Diver.Kernel.Nautilus\"", "Include=\"Diver.Kernel.Posix\""));
        tests.Write("tests.c", """
            #include <diver/test.h>
            #include <math.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>

            DIVER_TEST(musl_formats_floats)
            {
                char text[32];
                snprintf(text, sizeof text, "%.3f", sqrt(2.0));
                DIVER_ASSERT_STR_EQ(text, "1.414");
            }
            DIVER_TEST(malloc_and_qsort) { int *v = malloc(4 * sizeof *v); DIVER_ASSERT(v != NULL); free(v); }
            DIVER_TEST(fails) { DIVER_ASSERT_EQ(strlen("abc"), 4); }
            DIVER_TEST(aborts) { abort(); }
            DIVER_TEST(after_the_abort) { DIVER_ASSERT_NEAR(pow(2.0, 0.5), 1.41421356, 1e-6); }
            """);

        var run = workspace.Dotnet.Run(tests.Directory, ["test", "-p:TestTimeout=60s"], timeout: TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("(Diver.Kernel.Posix", run.StandardOutput);
        Assert.Contains("Passed tests.musl_formats_floats", run.StandardOutput);
        Assert.Contains("Passed tests.malloc_and_qsort", run.StandardOutput);
        Assert.Contains("Failed tests.fails", run.StandardOutput);
        Assert.Contains("Failed tests.aborts", run.StandardOutput);
        Assert.Contains("Passed tests.after_the_abort", run.StandardOutput);
        Assert.Contains("Failed:     2, Passed:     3", run.StandardOutput);
    }

    [Fact]
    public void Shipped_kernel_project_runs_its_own_tests()
    {
        // The Nautilus package carries its kernel project under src/, tests/ included: what a fork starts from.
        var dir = workspace.ExtractFromPackage("Diver.Kernel.Nautilus", "src/", "nautilus-src");

        var run = workspace.Dotnet.Run(dir, ["test", "-p:KernelConfig=debug", "-p:Cpus=2"], timeout: TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Passed libc_tests.snprintf_formats_integers_and_strings", run.StandardOutput);
        Assert.Contains("Passed thread_tests.mutex_keeps_a_shared_counter_exact", run.StandardOutput);
        Assert.Contains("(Diver.Kernel.Nautilus debug)", run.StandardOutput);
        Assert.Contains("Failed:     0", run.StandardOutput);
    }

    [Fact]
    public void Kernel_test_project_without_tests_is_refused()
    {
        var dir = Path.Combine(workspace.Root, "kernels", "No.Tests");
        var create = workspace.Dotnet.Run(workspace.Root, ["new", "diver-kernel", "-o", dir, "-n", "No.Tests", "--debug:custom-hive", workspace.TemplateHive]);
        Assert.True(create.ExitCode == 0, create.ToString());
        var project = Path.Combine(dir, "No.Tests.diverproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<PropertyGroup>", "<PropertyGroup>\n    <IsTestProject>true</IsTestProject>"));

        var run = workspace.Dotnet.Run(dir, ["test"]);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("error DIVER5009", run.StandardOutput);
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DiverWorkspace, AppProject> BadOptions = new();

    /// <summary>One template project per workspace for every bad-option case: each case only runs dotnet test on it.</summary>
    AppProject BadOptionsProject() =>
        BadOptions.GetValue(workspace, w => w.CreateApp("bad_options", "diver-test"));

    [Theory]
    [InlineData("--filter", "Category=fast", "DIVER5002")]
    [InlineData("--logger", "html", "DIVER5003")]
    [InlineData("--blame-hang-timeout", "soon", "DIVER5004")]
    [InlineData("-p:TestVMs=lots", "", "DIVER5006")]
    public void Bad_test_options_fail_with_their_code(string option, string value, string code)
    {
        var tests = BadOptionsProject();
        string[] args = value.Length == 0 ? ["test", option] : ["test", option, value];

        var run = workspace.Dotnet.Run(tests.Directory, args);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains($"error {code}:", run.Output);
        // The task names the launcher's failure too, so dotnet test's summary is never silent.
        Assert.Contains("DIVER5008", run.StandardOutput);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public void A_net_that_is_not_a_test_net_is_refused()
    {
        var app = workspace.CreateApp("not_tests");
        Assert.Equal(0, app.Build().ExitCode);
        var launcher = Path.Combine(workspace.Root, "nuget-packages", "diver.sdk", workspace.Version, "tools", "launcher", "linux-x64", "diver");

        var run = workspace.Dotnet.Execute(launcher, app.Directory, ["test", app.NetDescription()]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error DIVER5005:", run.StandardError);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }
}
