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
}
