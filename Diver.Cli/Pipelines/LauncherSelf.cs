namespace Diver.Cli.Pipelines;

/// <summary>
/// How to start this launcher again for one stage: the NativeAOT binary runs itself; the
/// framework-dependent copy runs through `dotnet exec diver.dll`.
/// </summary>
internal static class LauncherSelf
{
    public static (string Program, IReadOnlyList<string> Prefix) Command()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the launcher's own path is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(name, "dotnet", StringComparison.Ordinal))
            return (process, []);
        var assembly = Path.Combine(AppContext.BaseDirectory, "diver.dll");
        return (process, ["exec", assembly]);
    }
}
