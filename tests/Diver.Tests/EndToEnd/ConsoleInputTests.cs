using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// End of input on the host's stdin is end of file in the guest, and piped bytes arrive unchanged
/// (docs/kernel-contract.md, "Console input"): filters work in a shell pipe, in VM and SplitVM.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class ConsoleInputTests(DiverWorkspace workspace)
{
    /// <summary>Reads to end of input, then reads again (read and fgets) to show end of file stays.</summary>
    const string Filter = """
        #include <stdio.h>
        #include <unistd.h>
        int main(void) {
            unsigned long bytes = 0, lines = 0, hash = 0; int c;
            while ((c = getchar()) != EOF) {
                bytes++; hash = hash * 31 + (unsigned char)c;
                if (c == '\n') lines++;
            }
            char buf[16];
            long again = (long)read(0, buf, sizeof buf);
            printf("bytes=%lu lines=%lu hash=%lu read=%ld fgets=%s\n", bytes, lines, hash, again,
                   fgets(buf, sizeof buf, stdin) ? "line" : "NULL");
            return 0;
        }
        """;

    AppProject BuildFilter(string name)
    {
        var app = workspace.CreateApp(name);
        app.Write("main.c", Filter);
        var build = app.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return app;
    }

    CommandResult RunWithStdin(AppProject app, string redirection, string mode = "VM") =>
        // A short RunTimeout: without end of input the guest would wait for it until then.
        workspace.Dotnet.Execute("/bin/sh", app.Directory, ["-c", $"dotnet run --no-build -p:DeployMode={mode} -p:RunTimeout=60 {redirection}"]);

    [Theory]
    [InlineData("VM")]
    [InlineData("SplitVM")]
    public void The_Posix_kernel_reads_piped_bytes_to_end_of_file(string mode)
    {
        // musl's stdin is read(0): the same protocol, decoded by the platform for this kernel too.
        var app = workspace.CreateApp("eofposix" + mode.ToLowerInvariant(), "diver-posix");
        app.Write("main.c", Filter);
        Assert.Equal(0, app.Build().ExitCode);

        var run = workspace.Dotnet.Execute("/bin/sh", app.Directory,
            ["-c", $"printf 'abc\\n\\004\\377\\rdef' | dotnet run --no-build -p:DeployMode={mode} -p:RunTimeout=60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"bytes=10 lines=1 hash={Hash([(byte)'a', (byte)'b', (byte)'c', (byte)'\n', 4, 0xff, (byte)'\r', (byte)'d', (byte)'e', (byte)'f'])} read=0 fgets=NULL", run.StandardOutput);
    }

    [Fact]
    public void Empty_stdin_is_end_of_file_at_once()
    {
        var run = RunWithStdin(BuildFilter("eofnull"), "</dev/null");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("bytes=0 lines=0 hash=0 read=0 fgets=NULL", run.StandardOutput);
    }

    [Theory]
    [InlineData("VM")]
    [InlineData("SplitVM")]
    public void Piped_lines_then_end_of_file(string mode)
    {
        var app = BuildFilter("eofpipe" + mode.ToLowerInvariant());
        var run = workspace.Dotnet.Execute("/bin/sh", app.Directory,
            ["-c", $"printf 'abc\\ndef' | dotnet run --no-build -p:DeployMode={mode} -p:RunTimeout=60"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"bytes=7 lines=1 hash={Hash("abc\ndef"u8)} read=0 fgets=NULL", run.StandardOutput);
    }

    [Fact]
    public void Binary_input_arrives_byte_for_byte()
    {
        // Every byte value twice, so 0x04 (end of input), 0xFF (escape) and CR (Enter) are all data here.
        var data = Enumerable.Range(0, 512).Select(i => (byte)i).ToArray();
        var app = BuildFilter("eofbinary");
        File.WriteAllBytes(Path.Combine(app.Directory, "input.bin"), data);
        var run = RunWithStdin(app, "<input.bin");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"bytes=512 lines=2 hash={Hash(data)} read=0 fgets=NULL", run.StandardOutput);
    }

    static ulong Hash(ReadOnlySpan<byte> data)
    {
        ulong hash = 0;
        foreach (var b in data) hash = unchecked(hash * 31 + b);
        return hash;
    }
}
