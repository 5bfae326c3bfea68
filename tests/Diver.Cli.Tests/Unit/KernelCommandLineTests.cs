using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class KernelCommandLineTests
{
    [Theory]
    [InlineData(new[] { "hello" }, "hello")]
    [InlineData(new[] { "hello", "a", "b" }, "hello a b")]
    [InlineData(new[] { "hello", "two words" }, "hello \"two words\"")]
    [InlineData(new[] { "hello", "" }, "hello \"\"")]
    [InlineData(new[] { "hello", "say \"hi\"" }, "hello \"say \\\"hi\\\"\"")]
    [InlineData(new[] { "hello", @"C:\path" }, @"hello ""C:\\path""")]
    [InlineData(new[] { "hello", "tab\there" }, "hello \"tab\there\"")]
    public void QuotesOnlyWhatNeedsIt(string[] argv, string expected) =>
        Assert.Equal(expected, KernelCommandLine.Format(argv));
}
