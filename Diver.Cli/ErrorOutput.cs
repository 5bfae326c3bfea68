namespace Diver.Cli;

/// <summary>The one format for failures, the same as MSBuild's so tools and people read it alike.</summary>
internal static class ErrorOutput
{
    public static void Write(string code, string message) =>
        Console.Error.WriteLine($"error {code}: {message}");
}
