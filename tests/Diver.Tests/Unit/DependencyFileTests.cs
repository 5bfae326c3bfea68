using Diver.Tasks.Tools;

namespace Diver.Tests.Unit;

public sealed class DependencyFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-depfile-").FullName;

    [Fact]
    public void Reads_every_dependency_across_continued_lines_and_escaped_spaces()
    {
        var path = Path.Combine(_dir, "main.d");
        File.WriteAllText(path, "obj/main.o: main.c answer.h \\\n  /pkg/include/stdio.h \\\n  my\\ header.h\n");

        Assert.Equal(["main.c", "answer.h", "/pkg/include/stdio.h", "my header.h"], DependencyFile.Read(path));
    }

    [Fact]
    public void Empty_file_has_no_dependencies()
    {
        var path = Path.Combine(_dir, "empty.d");
        File.WriteAllText(path, "");

        Assert.Empty(DependencyFile.Read(path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
