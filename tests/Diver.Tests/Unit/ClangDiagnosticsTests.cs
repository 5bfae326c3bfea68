using Diver.Tasks.Tools;

namespace Diver.Tests.Unit;

public sealed class ClangDiagnosticsTests
{
    [Fact]
    public void Located_error_keeps_file_line_and_column()
    {
        var d = Assert.Single(ClangDiagnostics.Parse("main.c:3:12: error: use of undeclared identifier 'x'\n"));

        Assert.Equal(new Diagnostic(DiagnosticSeverity.Error, "DIVER2001", "use of undeclared identifier 'x'", "main.c", 3, 12), d);
    }

    [Fact]
    public void Warnings_notes_and_fatal_errors_are_told_apart()
    {
        var all = ClangDiagnostics.Parse("""
            a.c:1:5: warning: unused variable 'y' [-Wunused-variable]
            a.c:2:1: note: previous definition is here
            a.c:9:10: fatal error: 'nothere.h' file not found
            1 warning and 1 error generated.
            """);

        Assert.Equal([DiagnosticSeverity.Warning, DiagnosticSeverity.Note, DiagnosticSeverity.Error], all.Select(d => d.Severity));
        Assert.Equal("DIVER2201", all[0].Code);
        Assert.Equal("'nothere.h' file not found", all[2].Message);
    }

    [Fact]
    public void Driver_errors_have_no_location()
    {
        var d = Assert.Single(ClangDiagnostics.Parse("clang: error: unknown argument: '-fbogus'\n"));

        Assert.Null(d.File);
        Assert.Equal("unknown argument: '-fbogus'", d.Message);
    }
}
