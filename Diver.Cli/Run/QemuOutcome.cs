namespace Diver.Cli.Run;

/// <summary>How a QEMU run ended, before any interpretation.</summary>
internal sealed record QemuOutcome(int Status, bool TimedOut, bool Interrupted);
