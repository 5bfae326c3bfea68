namespace Diver.Qemu;

/// <summary>
/// The deploy mode names the build checks a pipeline's Stage metadata against. The modes
/// themselves are the launcher's (Diver.Cli/Modes, listed in DeployModeRegistry); MSBuild tasks
/// cannot load the launcher, so this list repeats their names and a launcher test keeps the two equal.
/// Names are matched case-insensitively, as MSBuild properties are.
/// </summary>
public static class DeployModes
{
    public static readonly IReadOnlyList<string> Names = ["VM", "SplitVM"];

    public static string Default => Names[0];

    public static string ValidNames => string.Join(", ", Names);

    /// <summary>The name as Diver spells it, or DIVER3001 naming the valid ones.</summary>
    public static string Canonical(string text) =>
        Names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new DiverException(ErrorCodes.UnknownDeployMode, $"Unknown deploy mode '{text}'. Valid modes: {ValidNames}.");
}
