namespace Diver.Cli.Run;

/// <summary>What the user asked for with --accel; <see cref="Auto"/> probes /dev/kvm.</summary>
internal enum AcceleratorChoice { Auto, Kvm, Tcg }
