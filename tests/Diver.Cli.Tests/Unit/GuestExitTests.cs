using Diver.Qemu;

namespace Diver.Cli.Tests.Unit;

public class GuestExitTests
{
    const int Panic = 127;

    [Theory]
    [InlineData(1, 0)]      // (0 << 1) | 1
    [InlineData(7, 3)]
    [InlineData(253, 126)]  // the largest app value
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
    public void StatusOneIsQemuFailingOnlyWhenQemuReportedAnError()
    {
        Assert.Equal(GuestExitKind.QemuFailed, GuestExit.Decode(1, Panic, qemuReportedError: true).Kind);
        Assert.Equal(GuestExitKind.AppExited, GuestExit.Decode(1, Panic, qemuReportedError: false).Kind);
        // The flag only breaks the tie for status 1; any other odd status is the guest's.
        Assert.Equal(GuestExitKind.AppExited, GuestExit.Decode(7, Panic, qemuReportedError: true).Kind);
    }

    [Theory]
    [InlineData("qemu-system-x86_64: unsupported machine type\nUse -machine help to list supported machines\n", true)]
    [InlineData("qemu: could not open kernel file '/x': No such file or directory\n", true)]
    [InlineData("qemu-system-x86_64: warning: TCG doesn't support requested feature\n", false)]
    [InlineData("qemu-system-x86_64: terminating on signal 2\n", false)]
    [InlineData("", false)]
    public void RecognisesQemuErrors(string stderr, bool isError) =>
        Assert.Equal(isError, GuestExit.IsQemuError(stderr));
}
