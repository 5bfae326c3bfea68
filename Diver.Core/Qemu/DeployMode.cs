namespace Diver.Qemu;

/// <summary>How a net is booted. Names are matched case-insensitively, as MSBuild properties are.</summary>
public enum DeployMode
{
    /// <summary>A plain QEMU microvm: KVM when /dev/kvm works, TCG otherwise.</summary>
    VM,
    /// <summary>A partitioned VM whose unsupported calls are forwarded to the host OS (not implemented yet).</summary>
    SplitVM,
}

public static class DeployModes
{
    public static readonly IReadOnlyList<DeployMode> All = [DeployMode.VM, DeployMode.SplitVM];

    public static string ValidNames => string.Join(", ", All);

    public static bool TryParse(string? text, out DeployMode mode)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        mode = default;
        return false;
    }

    public static DeployMode Parse(string text) =>
        TryParse(text, out var mode)
            ? mode
            : throw new DiverException(ErrorCodes.UnknownDeployMode,
                $"Unknown deploy mode '{text}'. Valid modes: {ValidNames}.");
}
