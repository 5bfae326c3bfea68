using System.Reflection;

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

    public static void WriteRun(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver run <NET> [options] [-- <guest arguments>...]");
        w.WriteLine();
        w.WriteLine("Boots a built net and exits with its app's return value.");
        w.WriteLine();
        w.WriteLine("Arguments:");
        w.WriteLine("  <NET>                  The net description, bin/<Configuration>/<name>.net.json.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine($"  --mode <MODE>          Deploy mode: {Diver.Qemu.DeployModes.ValidNames} (default VM).");
        w.WriteLine("  --cpus <N>             Virtual CPUs, 1 to 64 (default: the net's).");
        w.WriteLine("  --memory <SIZE>        Guest RAM, e.g. 256M or 1G (default: the net's).");
        w.WriteLine("  --timeout <SECONDS>    Stop the net after this many seconds (0: never).");
        w.WriteLine("  --accel <auto|kvm|tcg> Accelerator (default auto: KVM when /dev/kvm works).");
        w.WriteLine("  --sandbox <DIR>        SplitVM: folder forwarded files are confined to (default: splitvm-root beside the net).");
        w.WriteLine("  --proxy-cpus <LIST>    SplitVM: host cores for the proxy, e.g. 1 or 2-3 (default: the last core).");
        w.WriteLine("  --forward-trace <BOOL> SplitVM: trace every forwarded call; histogram and SVG chart on exit.");
        w.WriteLine("  --timeslice <TIME>     Kernel scheduler time slice, 100us to 1000ms (default 10ms).");
        w.WriteLine("  --idle <poll|halt>     Idle CPUs poll briefly before halting, or halt at once (default poll).");
        w.WriteLine("  --channel-in <FD|PATH|->  The app's stdin as a shared-memory channel fed from a descriptor, a file or stdin (pipeline stages).");
        w.WriteLine("  --channel-out <FD|PATH>   The app's stdout as a shared-memory channel drained into a descriptor or a file (pipeline stages).");
        w.WriteLine($"  --qemu <PATH>          QEMU executable (default: ${Diver.Qemu.QemuLocator.EnvironmentVariable}, else {Diver.Qemu.QemuLocator.DefaultName} on PATH).");
        w.WriteLine("  -q, --quiet            Do not print the boot line.");
        w.WriteLine("      --print-command    Print the QEMU command line instead of booting.");
        w.WriteLine("      --verify-image     Check the image's hash against the net description before booting.");
        w.WriteLine("      --exit-with-parent Stop the net when the process that started the launcher ends (dotnet run sets it).");
        w.WriteLine("  -h, --help             Show command line help.");
        w.WriteLine();
        w.WriteLine("Exit codes: the app's return value (0-126); 1 Diver error; 124 timed out; 125 QEMU failed;");
        w.WriteLine("            130 interrupted; 134 kernel panic; 135 guest reset.");
    }
}
