using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class GuestExitTests
{
    const int Panic = 127;

    [Theory]
    [InlineData(3, 0)]      // w = 0 + 1
    [InlineData(9, 3)]
    [InlineData(253, 125)]  // the largest app value
    public void OddStatusCarriesTheAppsReturnValue(int status, int app)
    {
        var exit = GuestExit.Decode(status, Panic);
        Assert.Equal(GuestExitKind.AppExited, exit.Kind);
        Assert.Equal(app, exit.AppExitCode);
    }

    [Fact]
    public void PanicCodeIsAPanic() =>
        Assert.Equal(GuestExitKind.KernelPanicked, GuestExit.Decode(255, Panic).Kind);

    [Fact]
    public void PanicCodeComesFromTheNet() =>
        Assert.Equal(GuestExitKind.KernelPanicked, GuestExit.Decode((100 << 1) | 1, panicCode: 100).Kind);

    [Fact]
    public void StatusZeroIsAGuestReset() =>
        Assert.Equal(GuestExitKind.GuestReset, GuestExit.Decode(0, Panic).Kind);

    [Theory]
    [InlineData(2)]
    [InlineData(134)]   // QEMU's abort()
    [InlineData(256)]
    [InlineData(-1)]
    public void EvenOrOutOfRangeStatusIsQemuFailing(int status) =>
        Assert.Equal(GuestExitKind.QemuFailed, GuestExit.Decode(status, Panic).Kind);

    [Fact]
    public void StatusOneIsAlwaysQemuFailing() =>
        Assert.Equal(GuestExitKind.QemuFailed, GuestExit.Decode(1, Panic).Kind);
}
