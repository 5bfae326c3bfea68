namespace Diver.Tests.Infrastructure;

/// <summary>
/// The packed `dotnet diver` tool (Diver.Cli) installed into the workspace with --tool-path, so
/// tests run exactly what users install, never the user's global tools.
/// </summary>
public sealed class DiverTool(DiverWorkspace workspace)
{
    readonly Lazy<string> _executable = new(() => Install(workspace));

    public CommandResult Run(string workingDirectory, params string[] args) =>
        workspace.Dotnet.Execute(_executable.Value, workingDirectory, args);

    public CommandResult Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        workspace.Dotnet.Execute(_executable.Value, workingDirectory, args, environment);

    static string Install(DiverWorkspace workspace)
    {
        var toolPath = Path.Combine(workspace.Root, "tools");
        var result = workspace.Dotnet.Run(workspace.Root, ["tool", "install", "Diver.Cli", "--tool-path", toolPath, "--version", workspace.Version]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("Installing the Diver.Cli tool failed:\n" + result);
        return Path.Combine(toolPath, "dotnet-diver");
    }
}
