using Diver.Tests.Infrastructure;
using Microsoft.Build.Logging.StructuredLogger;

namespace Diver.Tests.EndToEnd;

[Collection(DiverWorkspaceCollection.Name)]
public sealed class IncrementalBuildTests(DiverWorkspace workspace)
{
    [Fact]
    public void No_op_build_runs_no_compiler_and_no_linker()
    {
        var app = workspace.CreateApp("noop");
        Assert.Equal(0, app.Build().ExitCode);

        var second = app.Build("-bl:noop.binlog");

        Assert.True(second.ExitCode == 0, second.ToString());
        var tasks = TaskNames(Path.Combine(app.Directory, "noop.binlog"));
        Assert.Contains("PlanCCompile", tasks);
        Assert.DoesNotContain("CompileC", tasks);
        Assert.DoesNotContain("LinkNet", tasks);
        Assert.DoesNotContain("DescribeNet", tasks);
    }

    [Fact]
    public void Touching_a_header_recompiles_only_the_sources_that_include_it()
    {
        var app = workspace.CreateApp("headers");
        app.Write("answer.h", "#define ANSWER 41\n");
        app.Write("main.c", """
            #include <stdio.h>
            #include "answer.h"
            int other(void);
            int main(int argc, char **argv) { printf("answer=%d other=%d\n", ANSWER, other()); return 0; }
            """);
        app.Write("other.c", "int other(void) { return 7; }\n");
        Assert.Equal(0, app.Build().ExitCode);

        app.Write("answer.h", "#define ANSWER 42\n");
        var rebuild = app.Build("-bl:header.binlog");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        var build = BinaryLog.ReadBuild(Path.Combine(app.Directory, "header.binlog"));
        var compile = Assert.Single(Tasks(build, "CompileC"));
        var compiled = compile.FindChildrenRecursive<Item>().Select(i => Path.GetFileName(i.Text)).ToList();
        Assert.Contains("main.c", compiled);
        Assert.DoesNotContain("other.c", compiled);
        Assert.Single(Tasks(build, "LinkNet"));
        var run = app.Run(["--no-build"]);
        Assert.Contains("answer=42 other=7", run.StandardOutput);
    }

    [Fact]
    public void Changing_compile_flags_recompiles_everything()
    {
        var app = workspace.CreateApp("flags");
        Assert.Equal(0, app.Build().ExitCode);

        var rebuild = app.Build("-p:CFlags=-DGREETING=1", "-bl:flags.binlog");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("CompileC", TaskNames(Path.Combine(app.Directory, "flags.binlog")));
    }

    [Fact]
    public void Clean_removes_the_net_and_its_objects()
    {
        var app = workspace.CreateApp("clean");
        Assert.Equal(0, app.Build().ExitCode);
        Assert.True(File.Exists(app.Image()));

        var clean = workspace.Dotnet.Run(app.Directory, ["clean", "-nologo"]);

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(app.Image()));
        Assert.False(File.Exists(app.NetDescription()));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Directory, "obj"), "*.o", SearchOption.AllDirectories));
    }

    static IEnumerable<Microsoft.Build.Logging.StructuredLogger.Task> Tasks(Build build, string name) =>
        build.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>(t => t.Name == name);

    static HashSet<string> TaskNames(string binlog) =>
        BinaryLog.ReadBuild(binlog).FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>().Select(t => t.Name).ToHashSet();
}
