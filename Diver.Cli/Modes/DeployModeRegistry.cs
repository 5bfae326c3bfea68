using Diver.Cli.Run;

namespace Diver.Cli.Modes;

/// <summary>
/// The deploy modes the launcher knows, in one list: adding a mode is its file plus one entry in
/// <see cref="Builtin"/>. The first entry is the default. Tests build their own instance to plug in one more.
/// </summary>
internal sealed class DeployModeRegistry(IReadOnlyList<IDeployMode> modes)
{
    public static readonly DeployModeRegistry Builtin = new([new VmMode(), new SplitVmMode()]);

    public IReadOnlyList<IDeployMode> All => modes;

    public IDeployMode Default => modes[0];

    public string ValidNames => string.Join(", ", modes.Select(m => m.Name));

    /// <summary>Every mode's own options, in registry order, then declaration order.</summary>
    public IEnumerable<RunOption> Options => modes.SelectMany(m => m.Options);

    public IDeployMode? Find(string? name) =>
        modes.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public IDeployMode Parse(string name) =>
        Find(name) ?? throw new DiverException(ErrorCodes.UnknownDeployMode, $"Unknown deploy mode '{name}'. Valid modes: {ValidNames}.");

    /// <summary>The host cores a stage of this mode keeps busy beside its vCPUs (see <see cref="IDeployMode.ExtraHostCores"/>).</summary>
    public int ExtraHostCores(string name) => Parse(name).ExtraHostCores;
}
