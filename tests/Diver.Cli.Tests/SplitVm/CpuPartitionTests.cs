using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

public class CpuPartitionTests
{
    [Fact]
    public void DefaultGivesTheProxyTheLastCore()
    {
        var p = CpuPartition.Choose(null, [0, 1, 2, 3]);
        Assert.Equal([0, 1, 2], p.Guest);
        Assert.Equal([3], p.Proxy);
    }

    [Fact]
    public void ListsAndRangesAreParsed() => Assert.Equal([1, 2, 3, 5], CpuPartition.Parse("2-3,1, 5"));

    [Fact]
    public void ExplicitProxyCoresLeaveTheRestToTheGuest()
    {
        var p = CpuPartition.Choose("0", [0, 1]);
        Assert.Equal([1], p.Guest);
        Assert.Equal([0], p.Proxy);
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("7")]
    [InlineData("x")]
    [InlineData("3-1")]
    public void UnusableListsAreErrors(string list) =>
        Assert.Equal(ErrorCodes.BadProxyCpus, Assert.Throws<DiverException>(() => CpuPartition.Choose(list, [0, 1])).Code);

    [Fact]
    public void OneCoreCannotBePartitioned() =>
        Assert.Equal(ErrorCodes.SplitVmNeedsTwoCores, Assert.Throws<DiverException>(() => CpuPartition.Choose(null, [0])).Code);
}
