using CliWrap;
using CliWrap.Buffered;

namespace Diver.Tasks.Tools;

/// <summary>The outcome of one compiler or linker invocation.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs clang or ld.lld and keeps its output so diagnostics can be parsed into MSBuild errors.</summary>
public static class ToolRun
{
    public static ToolResult Run(string executable, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellation)
    {
        var result = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellation)
            .GetAwaiter().GetResult();
        return new ToolResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>The command as a shell line, for the build log (binlogs show every compile and link).</summary>
    public static string Format(string executable, IEnumerable<string> arguments) => Diver.Text.ShellQuote.Join(executable, arguments);
}
