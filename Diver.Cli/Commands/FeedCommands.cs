namespace Diver.Cli.Commands;

/// <summary>What the NativeAOT launcher says for commands only the `dotnet diver` tool carries.</summary>
internal static class FeedCommands
{
    public static int Unavailable(string command) =>
        throw new DiverException(ErrorCodes.FeedCommandNeedsTool,
            $"'{command}' reads NuGet feeds and is part of the dotnet diver tool, not of the launcher inside Diver.Sdk. " +
            "Install the tool (dotnet tool install -g Diver.Cli) and run 'dotnet diver " + command + "'.");
}
