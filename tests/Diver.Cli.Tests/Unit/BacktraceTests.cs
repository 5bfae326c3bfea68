using System.Diagnostics;
using Diver.Cli.Symbols;

namespace Diver.Cli.Tests.Unit;

/// <summary>Reading a panic report's addresses and naming them from a real clang-built ELF with DWARF 5 and DWARF 4.</summary>
public sealed class BacktraceTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("diver-bt-").FullName;

    const string Report = """
        about to fault
        PANIC: Page fault (vector 14, error 0x0)
          RIP: 0x00000000001001bd
          CR2: 0x0000000000000000 (NULL pointer dereference) [read, page not present]
          RBP: 0x0000000000258fb0  RSP: 0x0000000000258fa8  R8:  0x000000000000000a
          bt: 0x10018d
          bt: 0x102c2c
        """;

    [Fact]
    public void PanicReportYieldsTheFaultingInstructionAndReturnAddresses()
    {
        var frames = PanicReport.Frames("PANIC: older one\n  bt: 0x1\n" + Report);
        Assert.Equal([new Frame(0x1001bd, false), new Frame(0x10018d, true), new Frame(0x102c2c, true)], frames);
        Assert.Equal(0x10018cUL, frames[1].LookupAddress);
        Assert.Empty(PanicReport.Frames("no panic here\n  bt: 0x10\n"));
    }

    [Theory]
    [InlineData("-gdwarf-5")]
    [InlineData("-gdwarf-4")]
    public void FramesGetFunctionOffsetAndFileLine(string dwarf)
    {
        var source = Path.Combine(folder, "app.c");
        File.WriteAllText(source, """
            int leaf(int x)
            {
                return x * 3;
            }
            int _start(void)
            {
                return leaf(7);
            }
            """);
        var obj = Path.Combine(folder, "app.o");
        var elf = Path.Combine(folder, "app.elf");
        Tool("clang", "--target=x86_64-unknown-none-elf", "-O0", dwarf, "-fno-omit-frame-pointer", "-c", source, "-o", obj);
        Tool("ld.lld", "-static", "-nostdlib", "-e", "_start", "-Ttext=0x100000", obj, "-o", elf);
        var leaf = Symbol(elf, "leaf");
        var start = Symbol(elf, "_start");

        var lines = BacktraceSymbolizer.Symbolize([new Frame(leaf + 4, false), new Frame(start + 0x10, true), new Frame(0x10, true)], elf);

        Assert.Matches($@"#0\s+0x{leaf + 4:x} leaf\+0x4 at {folder}/app.c:[1-3]$", lines[0]);
        Assert.Matches($@"#1\s+0x{start + 0x10:x} _start\+0x10 at {folder}/app.c:7$", lines[1]);
        Assert.EndsWith("0x10 ??", lines[2]);
    }

    [Fact]
    public void AnUnreadableImageStillListsTheAddresses()
    {
        var junk = Path.Combine(folder, "junk.elf");
        File.WriteAllText(junk, "not an elf");
        Assert.EndsWith("0x100 ??", Assert.Single(BacktraceSymbolizer.Symbolize([new Frame(0x100, false)], junk)));
    }

    static ulong Symbol(string elf, string name)
    {
        var nm = Tool("llvm-nm", elf);
        var line = nm.Split('\n').Single(l => l.EndsWith(" " + name, StringComparison.Ordinal));
        return Convert.ToUInt64(line.Split(' ')[0], 16);
    }

    static string Tool(string name, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{name} failed: {error}");
        return output;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
