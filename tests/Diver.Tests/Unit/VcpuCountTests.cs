using Diver.Qemu;

namespace Diver.Tests.Unit;

public sealed class VcpuCountTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 4 ", 4)]
    [InlineData("64", 64)]
    public void Accepts_whole_numbers_from_1_to_64(string text, int cpus) => Assert.Equal(cpus, VcpuCount.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    [InlineData("two")]
    public void Refuses_anything_else_with_DIVER3009(string text)
    {
        var e = Assert.Throws<DiverException>(() => VcpuCount.Parse(text));

        Assert.Equal("DIVER3009", e.Code);
        Assert.Contains("from 1 to 64", e.Message);
    }
}
