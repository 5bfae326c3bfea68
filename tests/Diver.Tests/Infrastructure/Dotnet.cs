using System.Text;
using CliWrap;

namespace Diver.Tests.Infrastructure;

/// <summary>
/// Runs the real dotnet CLI with an isolated environment: its own NuGet packages folder, no
/// MSBuild node reuse (so no stale task assembly from an earlier pack survives), no telemetry.
/// </summary>
public sealed class Dotnet(string packagesFolder)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = packagesFolder,
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        // The console logger, not the terminal logger: tests read plain lines.
        ["MSBUILDTERMINALLOGGER"] = "off",
        ["TERM"] = "dumb",
    };

    public CommandResult Run(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? extraEnvironment = null, TimeSpan? timeout = null) =>
        Execute("dotnet", workingDirectory, arguments, extraEnvironment, timeout);

    public CommandResult Execute(string program, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? extraEnvironment = null, TimeSpan? timeout = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var env = new Dictionary<string, string?>(Environment);
        foreach (var (k, v) in extraEnvironment ?? new Dictionary<string, string?>()) env[k] = v;
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var result = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .ExecuteAsync(cts.Token)
            .GetAwaiter().GetResult();
        return new CommandResult(result.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
