using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class MemorySizeTests
{
    [Theory]
    [InlineData("128", 128L << 20)]
    [InlineData("128M", 128L << 20)]
    [InlineData("128m", 128L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("2048K", 2L << 20)]
    [InlineData(" 2G ", 2L << 30)]
    public void ParsesSizes(string text, long bytes) => Assert.Equal(bytes, MemorySize.Parse(text).Bytes);

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1M")]
    [InlineData("12X")]
    [InlineData("1MiB")]
    [InlineData("1.5G")]
    [InlineData("lots")]
    [InlineData("1T")]        // no documented suffix
    [InlineData("1K")]        // QEMU would round it to nothing
    [InlineData("1536K")]     // not a whole MiB
    [InlineData("99999999999999G")]
    public void RejectsNonSizesWithBadResource(string text)
    {
        var e = Assert.Throws<DiverException>(() => MemorySize.Parse(text));
        Assert.Equal(ErrorCodes.BadResource, e.Code);
    }

    [Theory]
    [InlineData("128M", "128M", "128 MiB")]
    [InlineData("2G", "2048M", "2 GiB")]
    public void FormatsForQemuAndPeople(string text, string qemu, string shown)
    {
        var size = MemorySize.Parse(text);
        Assert.Equal(qemu, size.ToQemuArgument());
        Assert.Equal(shown, size.ToString());
    }
}
