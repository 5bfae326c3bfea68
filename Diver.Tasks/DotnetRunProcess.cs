namespace Diver.Tasks;

/// <summary>
/// Whether this task runs inside the `dotnet run` process itself, which evaluates ComputeRunArguments
/// in-process and then starts the launcher: the only place where tasks can act on the process that
/// will be the launcher's parent.
/// </summary>
internal static class DotnetRunProcess
{
    /// <summary>The dotnet CLI's own command line is `dotnet [options] run ...`; build nodes run MSBuild.dll.</summary>
    public static bool IsCurrent()
    {
        var args = Environment.GetCommandLineArgs();
        return args.Length > 1 && args[0].EndsWith("dotnet.dll", StringComparison.Ordinal) && args.Skip(1).Contains("run");
    }
}
