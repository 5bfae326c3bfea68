using Diver.Cli.Run;

namespace Diver.Cli.Test;

/// <summary>
/// `dotnet diver test NET [options]`: the test options below, and every `run` option (mode,
/// cpus, memory, accel, qemu, machine), which mean what they mean for `run` and are parsed by it.
/// </summary>
internal sealed record TestOptions(RunOptions Run)
{
    public string? Filter { get; init; }
    public List<string> Loggers { get; init; } = [];
    public string? ResultsDirectory { get; init; }
    public TimeSpan? HangTimeout { get; init; }
    /// <summary>How many VMs run tests at once; null chooses from the host's cores.</summary>
    public int? Vms { get; init; }
    public bool ListOnly { get; init; }
    /// <summary>Where to write one line per failed test (file, line, name, message) for the MSBuild task to log.</summary>
    public string? ErrorFile { get; init; }
    /// <summary>The folder relative source paths (clang's __FILE__) are relative to: the project's.</summary>
    public string? SourceRoot { get; init; }

    static readonly string[] Valued = ["--filter", "--logger", "--results-directory", "--hang-timeout", "--vms", "--error-file", "--source-root"];

    public static TestOptions Parse(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        var filter = (string?)null;
        var loggers = new List<string>();
        string? results = null, errorFile = null, sourceRoot = null;
        TimeSpan? hang = null;
        int? vms = null;
        var listOnly = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }
            if (arg == "--list-tests")
            {
                listOnly = true;
                continue;
            }
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (!Valued.Contains(name))
            {
                rest.Add(arg);
                continue;
            }
            string value;
            if (equals > 0) value = arg[(equals + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new DiverException(ErrorCodes.BadCommandLine, $"Option '{arg}' needs a value.");
            // Empty means "not set", so MSBuild can pass unset properties through.
            if (value.Trim().Length == 0) continue;
            switch (name)
            {
                case "--filter": filter = value; break;
                case "--logger": loggers.Add(value); break;
                case "--results-directory": results = value; break;
                case "--hang-timeout": hang = Test.HangTimeout.Parse(value); break;
                case "--vms": vms = ParseVms(value); break;
                case "--error-file": errorFile = value; break;
                case "--source-root": sourceRoot = value; break;
            }
        }
        return new TestOptions(RunOptionsParser.Parse(rest))
        {
            Filter = filter,
            Loggers = loggers,
            ResultsDirectory = results,
            HangTimeout = hang,
            Vms = vms,
            ListOnly = listOnly,
            ErrorFile = errorFile,
            SourceRoot = sourceRoot,
        };
    }

    static int? ParseVms(string value) =>
        int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 256
            ? (n == 0 ? null : n)
            : throw new DiverException(ErrorCodes.BadTestVms,
                $"TestVMs '{value}' is not a number of VMs. Use -p:TestVMs=N with N from 1 to 256, or 0 (or nothing) to choose from the host's cores.");
}
