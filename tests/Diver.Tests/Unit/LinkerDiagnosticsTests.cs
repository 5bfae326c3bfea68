using Diver.Tasks.Tools;

namespace Diver.Tests.Unit;

public sealed class LinkerDiagnosticsTests
{
    [Fact]
    public void Undefined_symbol_names_the_symbol_the_source_line_and_the_function()
    {
        var d = Assert.Single(LinkerDiagnostics.Parse("""
            ld.lld: error: undefined symbol: missing_function
            >>> referenced by main.c:4 (/tmp/app/main.c:4)
            >>>               obj/Debug/diver/main.o:(main)
            """));

        Assert.Equal("DIVER2101", d.Code);
        Assert.Equal("main.c", d.File);
        Assert.Equal(4, d.Line);
        Assert.Contains("'missing_function'", d.Message);
        Assert.Contains("used in main", d.Message);
    }

    [Fact]
    public void Undefined_symbol_without_debug_info_still_names_the_function()
    {
        var d = Assert.Single(LinkerDiagnostics.Parse("""
            ld.lld: error: undefined symbol: foo
            >>> referenced by main.o:(main)
            """));

        Assert.Null(d.File);
        Assert.Contains("'foo'", d.Message);
    }

    [Fact]
    public void Other_errors_keep_their_text()
    {
        var d = Assert.Single(LinkerDiagnostics.Parse("ld.lld: error: cannot open kernel.ld: No such file or directory\n"));

        Assert.Equal("DIVER2102", d.Code);
        Assert.Equal("cannot open kernel.ld: No such file or directory", d.Message);
    }
}
