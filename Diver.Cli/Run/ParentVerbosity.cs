using System.Runtime.InteropServices;

namespace Diver.Cli.Run;

/// <summary>
/// Whether the `dotnet run` that started the launcher was asked to be quiet (-v q). dotnet run
/// builds and evaluates ComputeRunArguments at quiet verbosity whatever -v says, so no MSBuild
/// property or logger reveals it; its command line, one process up, does.
/// </summary>
internal static class ParentVerbosity
{
    public static bool ParentIsQuiet()
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{getppid()}/cmdline");
            return IsQuiet(cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;   // no /proc (not Linux) or no access: keep the boot line
        }
    }

    /// <summary>-v q, -v:q, --verbosity quiet, --verbosity=quiet, -verbosity:quiet; only before the guest's "--".</summary>
    public static bool IsQuiet(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
                return false;
            string? value = null;
            if (arg is "-v" or "--verbosity" or "-verbosity")
                value = i + 1 < args.Count ? args[i + 1] : null;
            else
            {
                var separator = arg.IndexOfAny([':', '=']);
                if (separator > 0 && arg[..separator] is "-v" or "--verbosity" or "-verbosity" or "/v" or "/verbosity")
                    value = arg[(separator + 1)..];
            }
            if (value is not null && value.ToLowerInvariant() is "q" or "quiet")
                return true;
        }
        return false;
    }

    [DllImport("libc", EntryPoint = "getppid")]
    static extern int getppid();
}
