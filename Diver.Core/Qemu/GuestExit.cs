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
/// port and QEMU exits with <c>(w &lt;&lt; 1) | 1</c>, truncated to 8 bits, so odd statuses carry
/// w = 0..127 and even ones come from QEMU itself. One collision remains: QEMU's own error exit
/// is 1, the same as w = 0. The caller breaks the tie with what QEMU printed (see
/// <see cref="IsQemuError"/>) and whether the guest printed anything at all.
/// </summary>
public readonly record struct GuestExit(GuestExitKind Kind, int AppExitCode, int QemuStatus)
{
    /// <summary>The status QEMU's error path (exit(1)) and a guest writing 0 have in common.</summary>
    public const int AmbiguousStatus = 1;

    public static GuestExit Decode(int qemuStatus, int panicCode, bool qemuReportedError = false)
    {
        if (qemuStatus == 0)
            return new(GuestExitKind.GuestReset, 0, qemuStatus);
        // Even statuses never come from isa-debug-exit (QEMU's abort() shows up as 134, for example).
        if ((qemuStatus & 1) == 0 || qemuStatus is < 0 or > 255 || (qemuStatus == AmbiguousStatus && qemuReportedError))
            return new(GuestExitKind.QemuFailed, 0, qemuStatus);
        var value = qemuStatus >> 1;
        return value == panicCode
            ? new(GuestExitKind.KernelPanicked, value, qemuStatus)
            : new(GuestExitKind.AppExited, value, qemuStatus);
    }

    /// <summary>
    /// True when QEMU's stderr holds an error rather than only warnings or the notice it prints when
    /// a signal stops it. QEMU prefixes its messages with its program name ("qemu-system-x86_64: ",
    /// sometimes just "qemu: ") and warnings with "warning: ".
    /// </summary>
    public static bool IsQemuError(string qemuStderr)
    {
        foreach (var raw in qemuStderr.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var message = colon < 0 ? line : line[(colon + 2)..];
            if (message.StartsWith("warning:", StringComparison.OrdinalIgnoreCase)) continue;
            if (message.StartsWith("terminating on signal", StringComparison.Ordinal)) continue;
            return true;
        }
        return false;
    }
}
