using Diver.Text;

namespace Diver.Tests.Unit;

public sealed class ShellQuoteTests
{
    [Fact]
    public void Plain_words_stay_and_others_are_single_quoted()
    {
        Assert.Equal("clang -c main.c -o 'my obj.o' 'it'\\''s' ''",
            ShellQuote.Join("clang", ["-c", "main.c", "-o", "my obj.o", "it's", ""]));
    }

    [Theory]
    [InlineData("100000", new[] { "100000" })]
    [InlineData("  one   two ", new[] { "one", "two" })]
    [InlineData("'two words' \"say \\\"hi\\\"\" x\\ y \"\"", new[] { "two words", "say \"hi\"", "x y", "" })]
    public void Split_reads_words_as_a_shell_does(string text, string[] words)
    {
        Assert.Equal(words, ShellQuote.Split(text));
    }

    [Fact]
    public void Split_refuses_an_unclosed_quote()
    {
        Assert.Throws<FormatException>(() => ShellQuote.Split("'open"));
    }
}
