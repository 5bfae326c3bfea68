namespace Diver;

/// <summary>
/// A failure the user can fix. It carries a stable DIVERnnnn code and a sentence that says what
/// to do; front ends print it without a stack trace.
/// </summary>
public sealed class DiverException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public override string ToString() => $"error {Code}: {Message}";
}
