using Diver.Cli.Run;
using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

/// <summary>Guest RAM is checked against the kernel's minMemory and the host's RAM before QEMU starts.</summary>
public class MemoryRequestTests
{
    static readonly Diver.Nets.NetDescription Net = LaunchPlanTests.Net with
    {
        Machine = LaunchPlanTests.Net.Machine with { MinMemory = "16M" },
    };

    [Theory]
    [InlineData("1M")]
    [InlineData("2M")]
    [InlineData("8M")]
    [InlineData("15")]
    public void BelowTheKernelsMinimumIsDiver3013(string size)
    {
        var e = Assert.Throws<DiverException>(() => MemoryRequest.Check(MemorySize.Parse(size), Net, 1L << 34));
        Assert.Equal(ErrorCodes.MemoryBelowKernelMinimum, e.Code);
        Assert.Contains("at least 16M", e.Message);
    }

    [Fact]
    public void TheMinimumItselfAndAboveAreFine() =>
        Assert.Equal(16L << 20, MemoryRequest.Check(MemorySize.Parse("16M"), Net, 1L << 34).Bytes);

    [Fact]
    public void MoreThanTheHostHasIsDiver3014()
    {
        var e = Assert.Throws<DiverException>(() => MemoryRequest.Check(MemorySize.Parse("64G"), Net, 8L << 30));
        Assert.Equal(ErrorCodes.MemoryAboveHost, e.Code);
        Assert.Contains("8 GiB", e.Message);
    }

    [Fact]
    public void NetsWithoutAMinimumAndUnknownHostsAreNotSecondGuessed() =>
        Assert.Equal(2L << 20, MemoryRequest.Check(MemorySize.Parse("2M"), LaunchPlanTests.Net, null).Bytes);
}
