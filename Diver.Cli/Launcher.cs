using Diver.Cli.Commands;

namespace Diver.Cli;

/// <summary>
/// The top of the program: picks the command and turns every failure into one "error CODE:
/// message" line, because users (and `dotnet run`) should never see a stack trace.
/// </summary>
internal static class Launcher
{
    public static int Main(string[] args)
    {
        Run.ParentWatch.RememberParent();
        try
        {
            return Dispatch(args);
        }
        catch (DiverException e)
        {
            ErrorOutput.Write(e.Code, e.Message);
            return LauncherExitCodes.DiverError;
        }
        catch (Exception e)
        {
            ErrorOutput.Write(ErrorCodes.InternalError,
                $"internal error: {e.GetType().Name}: {e.Message} " +
                "This is a bug in Diver; please report it with the command you ran.");
            return LauncherExitCodes.DiverError;
        }
    }

    static int Dispatch(string[] args)
    {
        if (args.Length == 0)
        {
            HelpText.WriteTopLevel(Console.Error);
            return LauncherExitCodes.DiverError;
        }
        var first = args[0];
        if (first is "-h" or "--help" or "-?" or "help")
        {
            HelpText.WriteTopLevel(Console.Out);
            return 0;
        }
        if (first is "--version")
        {
            Console.Out.WriteLine(HelpText.Version);
            return 0;
        }
        var command = CommandTable.Find(first);
        if (command is null)
        {
            HelpText.WriteTopLevel(Console.Error);
            throw new DiverException(ErrorCodes.BadCommandLine,
                $"Unknown command '{first}'. Run 'dotnet diver --help' to see the commands.");
        }
        return command.Execute(args.AsSpan(1).ToArray());
    }
}
