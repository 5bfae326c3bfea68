using System.Globalization;
using System.Text;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// The launcher's side of diver-prestart (Native/prestart.c), what `dotnet run` starts for an app:
/// it may have started this run's QEMU paused before the .NET runtime came up, from the command a
/// previous run with the same arguments planned (its cache). Nothing is taken on trust: the launcher
/// plans as always and resumes that QEMU only when its plan is the same command (same words, hashed);
/// otherwise the paused QEMU, which never ran a guest instruction, is killed and the plan's own
/// command starts as usual. After a plan that could be prestarted and was not, the cache is written
/// for the next run. Only plain VM runs qualify: a deploy mode's session (SplitVM's shared RAM and
/// proxy), channels and a gdb stub are set up per run before QEMU may start.
/// </summary>
internal sealed class Prestart : IDisposable
{
    public const string StartedVariable = "DIVER_PRESTARTED";
    public const string CacheVariable = "DIVER_PRESTART_CACHE";
    /// <summary>diver-prestart's file name, shipped beside the NativeAOT launcher.</summary>
    public const string ProgramName = "diver-prestart";
    const string CacheMagic = "diver-prestart 1";

    readonly string? cachePath;
    readonly ulong hash;
    readonly int consoleFd;
    PrestartedQemu? qemu;

    Prestart(string? cachePath, PrestartedQemu? qemu, ulong hash, int consoleFd)
    {
        this.cachePath = cachePath;
        this.qemu = qemu;
        this.hash = hash;
        this.consoleFd = consoleFd;
    }

    /// <summary>
    /// What diver-prestart left for this run, or null when it did not start this launcher. Clears
    /// both variables, so no child of the launcher mistakes them for its own.
    /// </summary>
    public static Prestart? Take()
    {
        var cache = Environment.GetEnvironmentVariable(CacheVariable);
        var started = Environment.GetEnvironmentVariable(StartedVariable);
        Environment.SetEnvironmentVariable(CacheVariable, null);
        Environment.SetEnvironmentVariable(StartedVariable, null);
        if (string.IsNullOrEmpty(cache))
            return null;
        var fields = started?.Split(',') ?? [];
        if (fields.Length == 5 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var pid) &&
            int.TryParse(fields[1], CultureInfo.InvariantCulture, out var monitor) &&
            int.TryParse(fields[2], CultureInfo.InvariantCulture, out var input) &&
            int.TryParse(fields[3], CultureInfo.InvariantCulture, out var console) &&
            ulong.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hash))
            return new Prestart(cache, new PrestartedQemu(pid, monitor, input), hash, console);
        return new Prestart(cache, null, 0, -1);
    }

    /// <summary>The console log diver-prestart made for its QEMU (the cached command names /dev/fd/N), or null.</summary>
    public ConsoleLog? AdoptConsoleLog() => qemu is null ? null : ConsoleLog.Adopt(consoleFd);

    /// <summary>
    /// <paramref name="launcher"/> (a NativeAOT launcher's path, as <see cref="Pipelines.LauncherSelf"/> gives it) started
    /// through the diver-prestart beside it with <paramref name="cachePath"/>, as `dotnet run` starts an app; unchanged
    /// when there is none (the framework-dependent tool).
    /// </summary>
    public static IReadOnlyList<string> Through(IReadOnlyList<string> launcher, string cachePath) =>
        launcher.Count == 1 && Path.Combine(Path.GetDirectoryName(launcher[0]) ?? "", ProgramName) is var frontEnd && File.Exists(frontEnd)
            ? [frontEnd, cachePath, launcher[0]]
            : launcher;

    /// <summary>Whether a plan's command can be started ahead by the next run with the same arguments.</summary>
    public static bool Qualifies(LaunchPlan plan) =>
        plan.ModePlan is null && plan.Channels is null && plan.DebuggerHint is null &&
        Path.IsPathRooted(plan.Command.Executable);

    /// <summary>
    /// The paused QEMU when it runs exactly <paramref name="plan"/>'s command (the caller then owns it), else null,
    /// having killed it; records the plan for the next run when it was not the prestarted one.
    /// </summary>
    public PrestartedQemu? Claim(LaunchPlan plan, ConsoleLog consoleLog)
    {
        var qualifies = Qualifies(plan) && consoleLog.Descriptor is not null;
        string[] words = [plan.Command.Executable, .. plan.Command.ToArguments()];
        if (qemu is not null && qualifies && Hash(words) == hash)
        {
            var claimed = qemu;
            qemu = null;
            return claimed;
        }
        qemu?.Dispose();
        qemu = null;
        if (qualifies && cachePath is not null)
            Remember(cachePath, consoleLog.Descriptor!.Value, words);
        return null;
    }

    /// <summary>Writes the cache whole or not at all (a rename), so a concurrent run reads either version.</summary>
    static void Remember(string path, int consoleFd, string[] words)
    {
        var launcherArguments = Environment.GetCommandLineArgs().Skip(1).ToArray();
        var text = new StringBuilder();
        void Word(string word) => text.Append(word).Append('\0');
        Word(CacheMagic);
        Word(consoleFd.ToString(CultureInfo.InvariantCulture));
        Word(launcherArguments.Length.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in launcherArguments) Word(argument);
        Word(words.Length.ToString(CultureInfo.InvariantCulture));
        foreach (var word in words) Word(word);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only the next run's head start is lost.
            try { File.Delete(temporary); } catch (Exception) { }
        }
    }

    /// <summary>FNV-1a 64 over the words, each ended by a NUL, as diver-prestart hashes what it started.</summary>
    internal static ulong Hash(IEnumerable<string> words)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var word in words)
        {
            foreach (var b in Encoding.UTF8.GetBytes(word))
                hash = (hash ^ b) * 0x100000001b3UL;
            hash *= 0x100000001b3UL;   // the NUL: hash ^ 0 is hash
        }
        return hash;
    }

    public void Dispose() => qemu?.Dispose();
}
