using System.Reflection;
using Diver.Cli.Modes;
using Diver.Cli.Run;

namespace Diver.Cli.Commands;

/// <summary>Usage text in the dotnet CLI's layout.</summary>
internal static class HelpText
{
    public static string Version
    {
        get
        {
            var version = typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+');   // drop the source revision the SDK appends
            return plus < 0 ? version : version[..plus];
        }
    }

    public static void WriteTopLevel(TextWriter w)
    {
        w.WriteLine($"Diver launcher {Version}");
        w.WriteLine();
        w.WriteLine("Usage: dotnet diver [command] [options]");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  -h, --help        Show command line help.");
        w.WriteLine("  --version         Show the version of Diver.");
        w.WriteLine();
        w.WriteLine("Commands:");
        foreach (var command in CommandTable.All)
            w.WriteLine($"  {command.Name,-16}  {command.Summary}");
        w.WriteLine();
        w.WriteLine("Run 'dotnet diver [command] --help' for more information on a command.");
    }

    public static void WriteRun(TextWriter w) => WriteRun(w, DeployModeRegistry.Builtin);

    /// <summary>`run --help`: the options come from their declarations, so a new deploy mode's show up by themselves.</summary>
    public static void WriteRun(TextWriter w, DeployModeRegistry registry)
    {
        w.WriteLine("Usage: dotnet diver run <NET> [options] [-- <guest arguments>...]");
        w.WriteLine();
        w.WriteLine("Boots a built net and exits with its app's return value.");
        w.WriteLine();
        w.WriteLine("Arguments:");
        w.WriteLine("  <NET>                  The net description, bin/<Configuration>/<name>.net.json.");
        w.WriteLine();
        w.WriteLine("Options:");
        foreach (var option in RunOptionTable.For(registry).Where(o => !o.Hidden))
            w.WriteLine(option.HelpLine);
        w.WriteLine();
        w.WriteLine("Exit codes: the app's return value (0-126); 1 Diver error; 124 timed out; 125 QEMU failed;");
        w.WriteLine("            130 interrupted; 134 kernel panic; 135 guest reset.");
    }
}
