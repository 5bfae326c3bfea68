using System.Text.Json;
using Diver.Tests.Infrastructure;
using Microsoft.Build.Logging.StructuredLogger;

namespace Diver.Tests.EndToEnd;

/// <summary>What editors and build logs see: compile_commands.json, binlogs, the template's VS Code files.</summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class EditorSupportTests(DiverWorkspace workspace)
{
    [Fact]
    public void Build_writes_compile_commands_listing_every_C_file_with_its_flags()
    {
        var app = workspace.CreateApp("clangd");
        app.Write("lib/util.c", "int util(void) { return 1; }\n");
        app.Write("more.c", "int more(void) { return 2; }\n");

        var build = app.Build("-p:CFlags=-DFROM_CFLAGS=1");

        Assert.True(build.ExitCode == 0, build.ToString());
        using var db = JsonDocument.Parse(app.Read("compile_commands.json"));
        var entries = db.RootElement.EnumerateArray().ToList();
        var files = entries.Select(e => e.GetProperty("file").GetString()).Order().ToList();
        Assert.Equal(new[] { "lib/util.c", "main.c", "more.c" }.Select(f => Path.Combine(app.Directory, f)).Order(), files);
        foreach (var entry in entries)
        {
            Assert.Equal(app.Directory, entry.GetProperty("directory").GetString());
            var args = entry.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()!).ToList();
            Assert.EndsWith("clang", args[0]);
            Assert.Contains("--target=x86_64-unknown-none-elf", args);
            Assert.Contains("-ffreestanding", args);
            Assert.Contains("-O0", args);
            Assert.Contains("-g", args);
            Assert.Contains("-DFROM_CFLAGS=1", args);
            // The kernel package's headers, where clangd must look for <stdio.h> and <nautilus/nautilus.h>.
            Assert.Contains(args, a => a.StartsWith("-I", StringComparison.Ordinal) && File.Exists(Path.Combine(a[2..], "nautilus", "nautilus.h")));
            Assert.Equal(entry.GetProperty("file").GetString(), args[args.IndexOf("-c") + 1]);
        }
    }

    [Fact]
    public void Binlog_shows_every_compile_and_link_command()
    {
        var app = workspace.CreateApp("binlog");
        app.Write("second.c", "int second(void) { return 2; }\n");

        var build = app.Build("-bl:full.binlog");

        Assert.True(build.ExitCode == 0, build.ToString());
        var log = BinaryLog.ReadBuild(Path.Combine(app.Directory, "full.binlog"));
        var compile = Assert.Single(log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>(t => t.Name == "CompileC"));
        var compiles = compile.FindChildrenRecursive<Message>(m => m.Text.Contains("clang") && m.Text.Contains(" -c ")).Select(m => m.Text).ToList();
        Assert.Contains(compiles, c => c.Contains(" -c main.c ") && c.Contains("-ffreestanding"));
        Assert.Contains(compiles, c => c.Contains(" -c second.c "));
        var link = Assert.Single(log.FindChildrenRecursive<Microsoft.Build.Logging.StructuredLogger.Task>(t => t.Name == "LinkNet"));
        Assert.Contains(link.FindChildrenRecursive<Message>(), m => m.Text.Contains("ld.lld") && m.Text.Contains("libnautilus.a") && m.Text.Contains("-T "));
    }

    [Fact]
    public void Template_ships_vscode_launch_and_tasks_for_gdb()
    {
        var app = workspace.CreateApp("vscode");

        using var launch = JsonDocument.Parse(app.Read(".vscode/launch.json"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var tasks = JsonDocument.Parse(app.Read(".vscode/tasks.json"), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var config = launch.RootElement.GetProperty("configurations")[0];
        Assert.Equal("cppdbg", config.GetProperty("type").GetString());
        Assert.Equal("${workspaceFolder}/bin/Debug/vscode.elf", config.GetProperty("program").GetString());
        // The template picks a free port per project, so two projects can be debugged at once.
        var address = config.GetProperty("miDebuggerServerAddress").GetString()!;
        Assert.Matches(@"^127\.0\.0\.1:\d{4,5}$", address);
        var port = address.Split(':')[1];
        var preLaunch = config.GetProperty("preLaunchTask").GetString();
        var task = tasks.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("label").GetString() == preLaunch);
        Assert.True(task.GetProperty("isBackground").GetBoolean());
        var args = task.GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("-p:WaitForDebugger=true", args);
        Assert.Contains($"-p:GdbPort={port}", args);
    }
}
