namespace Diver.Cli.Tests.Unit;

/// <summary>docs/errors.md's exit-code column says what the launcher really returns.</summary>
public class ErrorExitCodeDocTests
{
    [Theory]
    [InlineData(ErrorCodes.GuestPanic, LauncherExitCodes.KernelPanicked)]
    [InlineData(ErrorCodes.RunTimedOut, LauncherExitCodes.TimedOut)]
    [InlineData(ErrorCodes.Interrupted, LauncherExitCodes.Interrupted)]
    [InlineData(ErrorCodes.GuestReset, LauncherExitCodes.GuestReset)]
    [InlineData(ErrorCodes.QemuFailed, LauncherExitCodes.QemuFailed)]
    [InlineData(ErrorCodes.BadResource, LauncherExitCodes.DiverError)]
    [InlineData(ErrorCodes.MemoryBelowKernelMinimum, LauncherExitCodes.DiverError)]
    public void TheDocumentedExitCodeIsTheLaunchers(string code, int exitCode)
    {
        var row = File.ReadLines(ErrorsDoc()).Single(l => l.StartsWith($"| {code} |", StringComparison.Ordinal));
        var cells = row.Trim('|').Split('|');
        Assert.Equal(exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[^1].Trim());
    }

    static string ErrorsDoc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "errors.md");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("docs/errors.md above the test folder");
    }
}
