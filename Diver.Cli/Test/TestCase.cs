namespace Diver.Cli.Test;

/// <summary>
/// One DIVER_TEST as the guest listed it. C has no classes, so the source file's name plays the
/// class's part: FullyQualifiedName is "file.name", which is what --filter and TRX readers expect.
/// </summary>
internal sealed record TestCase(int Index, string Name, string File, int Line)
{
    public string ClassName => Path.GetFileNameWithoutExtension(File);
    public string FullyQualifiedName => $"{ClassName}.{Name}";
}

internal enum TestOutcome { Passed, Failed, Skipped }

/// <summary>What happened to one test; <see cref="StackTrace"/> holds a panic's symbolized frames.</summary>
internal sealed record TestResult(TestCase Case, TestOutcome Outcome, TimeSpan Duration, DateTimeOffset Start, DateTimeOffset End)
{
    public string? Message { get; init; }
    public string? StackTrace { get; init; }
    /// <summary>What the test printed, the runner's own lines left out.</summary>
    public string Output { get; init; } = "";
}
