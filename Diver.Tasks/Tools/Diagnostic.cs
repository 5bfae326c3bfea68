namespace Diver.Tasks.Tools;

public enum DiagnosticSeverity { Error, Warning, Note }

/// <summary>One compiler or linker message, located in a file when the tool said where.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, string? File = null, int Line = 0, int Column = 0);
