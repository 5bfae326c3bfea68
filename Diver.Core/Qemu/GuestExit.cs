namespace Diver.Qemu;

public enum GuestExitKind
{
    /// <summary>The app returned from main; <see cref="GuestExit.AppExitCode"/> holds its value.</summary>
    AppExited,
    /// <summary>The kernel panicked and reported the panic code.</summary>
    KernelPanicked,
    /// <summary>The guest reset itself (triple fault); with -no-reboot QEMU then exits with status 0.</summary>
    GuestReset,
    /// <summary>QEMU itself failed: a bad option, an unloadable image, a crash.</summary>
    QemuFailed,
}

/// <summary>
/// What a QEMU exit status means for a net. The kernel writes a value w to the isa-debug-exit
/// port and QEMU exits with <c>(w &lt;&lt; 1) | 1</c>, truncated to 8 bits. The kernel contract
/// (docs/kernel-contract.md) never writes w = 0, so status 1 is always QEMU's own error exit: an
/// app code c is written as c + 1, and w = panic code (127) reports a panic.
/// </summary>
public readonly record struct GuestExit(GuestExitKind Kind, int AppExitCode, int QemuStatus)
{
    /// <summary>QEMU's exit(1) on its own errors (bad option, unloadable image).</summary>
    public const int QemuErrorStatus = 1;

    public static GuestExit Decode(int qemuStatus, int panicCode)
    {
        if (qemuStatus == 0)
            return new(GuestExitKind.GuestReset, 0, qemuStatus);
        // Even statuses never come from isa-debug-exit (QEMU's abort() shows up as 134, for example).
        if ((qemuStatus & 1) == 0 || qemuStatus is < 0 or > 255 || qemuStatus == QemuErrorStatus)
            return new(GuestExitKind.QemuFailed, 0, qemuStatus);
        var value = qemuStatus >> 1;
        return value == panicCode
            ? new(GuestExitKind.KernelPanicked, value, qemuStatus)
            : new(GuestExitKind.AppExited, value - 1, qemuStatus);
    }
}
