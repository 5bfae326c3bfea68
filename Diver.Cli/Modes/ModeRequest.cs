using Diver.Cli.Run;
using Diver.Nets;

namespace Diver.Cli.Modes;

/// <summary>
/// What a mode plans one launch from. <see cref="HostCores"/> is a function because reading the
/// affinity is needed only by modes that divide cores, and `test` reads it once before any pinning.
/// </summary>
internal sealed record ModeRequest(RunOptions Options, NetDescription Net, Func<IReadOnlyList<int>> HostCores);
