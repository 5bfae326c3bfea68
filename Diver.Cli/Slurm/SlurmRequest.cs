using System.Globalization;

namespace Diver.Cli.Slurm;

/// <summary>
/// One job (or job step) Diver asks Slurm for: a name Diver's jobs are found by, the cores and
/// memory of one stage, the jobs it waits for (afterok), and the command the node runs. Turning it
/// into srun or sbatch arguments touches nothing, so every decision is unit-tested.
/// </summary>
internal sealed record SlurmRequest(string Name, int Cpus, long MemoryMiB, IReadOnlyList<string> Command)
{
    /// <summary>Every Diver job's name starts with this, so `dotnet diver jobs` finds jobs from any shell.</summary>
    public const string JobNamePrefix = "diver:";
    /// <summary>QEMU's own memory beside the guest's RAM, asked for on top of it.</summary>
    public const long QemuOverheadMiB = 128;

    public IReadOnlyList<string> AfterOk { get; init; } = [];
    /// <summary>How many QEMUs the job runs (a streamed group runs one per stage), each asking for its own overhead.</summary>
    public int Vms { get; init; } = 1;

    public IReadOnlyList<string> SrunArguments(SlurmSettings settings) =>
        [.. Common(settings),
            // One Ctrl-C cancels the step (srun's default wants two within a second);
            // a failing task ends the step at once.
            "--quit-on-interrupt", "--kill-on-bad-exit=1",
            .. settings.ExtraArguments, .. Command];

    public IReadOnlyList<string> SbatchArguments(SlurmSettings settings, string logPath) =>
        [.. Common(settings), .. JobWide(logPath), .. settings.ExtraArguments, .. Wrap()];

    /// <summary>
    /// A heterogeneous job: one component per request (each its own cores and memory), separated by
    /// " : ". The batch script runs in the first component, so its log, its afterok and the command come
    /// from the first request; the other requests' commands are started from there (srun --het-group).
    /// Partition, account, time limit and SlurmArgs go to every component: each is an allocation of its own.
    /// </summary>
    public static IReadOnlyList<string> HetSbatchArguments(IReadOnlyList<SlurmRequest> components, SlurmSettings settings, string logPath) =>
        [.. components.SelectMany((c, k) => (IEnumerable<string>)[
            .. k == 0 ? [] : new[] { ":" },
            .. c.Common(settings), .. k == 0 ? components[0].JobWide(logPath) : [], .. settings.ExtraArguments]),
            .. components[0].Wrap()];

    /// <summary>What belongs to the job as a whole: the id printed alone, one log, the jobs it waits for.</summary>
    IEnumerable<string> JobWide(string logPath) =>
        [ "--parsable", $"--output={logPath}", $"--error={logPath}",
            .. AfterOk.Count > 0 ? new[] { $"--dependency=afterok:{string.Join(':', AfterOk)}", "--kill-on-invalid-dep=yes" } : []];

    IEnumerable<string> Wrap() => ["--wrap", Text.ShellQuote.Join(Command[0], Command.Skip(1))];

    IEnumerable<string> Common(SlurmSettings settings)
    {
        yield return $"--job-name={JobNamePrefix}{Name}";
        yield return "--ntasks=1";
        yield return $"--cpus-per-task={Cpus.ToString(CultureInfo.InvariantCulture)}";
        yield return $"--mem={(MemoryMiB + Vms * QemuOverheadMiB).ToString(CultureInfo.InvariantCulture)}M";
        if (settings.Partition is { } partition) yield return $"--partition={partition}";
        if (settings.Account is { } account) yield return $"--account={account}";
        if (settings.TimeLimit is { } time) yield return $"--time={time}";
    }
}
