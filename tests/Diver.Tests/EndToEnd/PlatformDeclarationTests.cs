using System.Text.Json;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// The shared platform declares only what it defines: every function a header in
/// kernel-packages/platform/include declares is defined by the platform's objects, or called by
/// them and provided by the kernel (kernel_start). A declaration whose definition lives in one
/// kernel (Nautilus's fopen) belongs in that kernel's headers, or apps of every other kernel link
/// against nothing. The objects come from platform.mk through the Nautilus Makefile, the build a
/// port or a fork without MSBuild uses.
/// </summary>
public sealed class PlatformDeclarationTests : IDisposable
{
    static readonly string Platform = Path.Combine(RepoPaths.Root, "kernel-packages", "platform");
    readonly string _out = Directory.CreateTempSubdirectory("diver-platform-").FullName;
    // Dotnet's runner runs any program (make, clang, llvm-nm here); its NuGet folder goes unused.
    readonly Dotnet _tools = new(Path.Combine(Path.GetTempPath(), "diver-unused-nuget"));

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void Platform_headers_declare_only_functions_the_platform_defines_or_calls()
    {
        var make = _tools.Execute("make", RepoPaths.Root,
            ["-C", "kernel-packages/Diver.Kernel.Nautilus", "-j2", "CONFIG=default", $"OUT={_out}", "lib"], timeout: TimeSpan.FromMinutes(10));
        Assert.True(make.ExitCode == 0, make.ToString());

        var platformSymbols = PlatformSymbols(Path.Combine(_out, "obj", "platform"));
        Assert.Contains("platform_init", platformSymbols); // the objects were found and read
        var stray = DeclaredFunctions().Where(d => !platformSymbols.Contains(d.Name)).Select(d => $"{d.Header}: {d.Name}").ToList();
        Assert.True(stray.Count == 0, "declared in the platform's headers, defined only elsewhere:\n" + string.Join("\n", stray));
    }

    /// <summary>Global symbols the platform's objects define or reference.</summary>
    HashSet<string> PlatformSymbols(string objects)
    {
        var files = Directory.GetFiles(objects, "*.o", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var nm = _tools.Execute("llvm-nm", RepoPaths.Root, ["-g", .. files]);
        Assert.True(nm.ExitCode == 0, nm.ToString());
        return nm.StandardOutput.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && !f[^1].EndsWith(':')).Select(f => f[^1]).ToHashSet();
    }

    /// <summary>Functions (not static, not inline) declared in the platform's headers, from clang's AST.</summary>
    List<(string Header, string Name)> DeclaredFunctions()
    {
        var include = Path.Combine(Platform, "include");
        var unit = Path.Combine(_out, "all_headers.c");
        File.WriteAllLines(unit, Directory.GetFiles(include, "*.h", SearchOption.AllDirectories).Order()
            .Select(h => $"#include \"{h}\""));
        var clang = _tools.Execute("clang", RepoPaths.Root, ["--target=x86_64-unknown-none-elf", "-ffreestanding", "-nostdlibinc", "-std=c11",
            "-I", include, "-I", Path.Combine(Platform, "arch", "x86_64", "include"), "-fsyntax-only", "-Xclang", "-ast-dump=json", unit]);
        Assert.True(clang.ExitCode == 0, clang.StandardError);

        var found = new List<(string, string)>();
        string? file = null;
        using var ast = JsonDocument.Parse(clang.StandardOutput);
        foreach (var node in ast.RootElement.GetProperty("inner").EnumerateArray())
        {
            // The AST names a node's file only when it differs from the node before.
            if (node.TryGetProperty("loc", out var loc) && loc.TryGetProperty("file", out var f))
                file = f.GetString();
            if (node.GetProperty("kind").GetString() != "FunctionDecl" || file is null || !file.StartsWith(include, StringComparison.Ordinal))
                continue;
            if ((node.TryGetProperty("storageClass", out var sc) && sc.GetString() == "static") || node.TryGetProperty("inline", out _))
                continue;
            found.Add((Path.GetRelativePath(include, file), node.GetProperty("name").GetString()!));
        }
        Assert.Contains(found, d => d.Item2 == "printf"); // the AST was read
        return found;
    }
}
