using Diver.Tasks.Tools;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace Diver.Tasks;

/// <summary>
/// Base of every Diver task: a DiverException becomes one MSBuild error with its code and
/// sentence, never a stack trace; anything else is a bug and says so.
/// </summary>
public abstract class DiverTask : Task
{
    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (DiverException e)
        {
            LogError(e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogError(ErrorCodes.InternalError, $"{e.Message} Check that the folder is writable and retry.");
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

    protected void LogError(string code, string message, string? file = null, int line = 0, int column = 0) =>
        Log.LogError(null, code, null, file ?? BuildEngine?.ProjectFileOfTaskNode, line, column, 0, 0, message);

    protected void LogDiagnostic(Diagnostic d)
    {
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                LogError(d.Code, d.Message, d.File, d.Line, d.Column);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                break;
            default:
                Log.LogMessage(MessageImportance.High, d.File is null ? d.Message : $"{d.File}({d.Line},{d.Column}): note: {d.Message}");
                break;
        }
    }
}
