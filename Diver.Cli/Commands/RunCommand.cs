using Diver.Cli.Channels;
using Diver.Cli.Run;
using Diver.Cli.Modes;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver run NET`: what `dotnet run` calls for a Diver project. Everything before
/// QEMU starts is kept to the minimum (no hashing, one open() to probe KVM), because the launcher's
/// cost is measured against the bare QEMU command. Started through diver-prestart (what `dotnet run`
/// does), it may find this run's QEMU already started and paused: <see cref="Prestart"/>.
/// </summary>
internal static class RunCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        // First, so that whatever ends this run (an error included) disposes a QEMU diver-prestart started ahead.
        using var prestart = Prestart.Take();
        var options = RunOptionsParser.Parse(args);
        if (options.ShowHelp)
        {
            HelpText.WriteRun(Console.Out);
            return 0;
        }

        var net = NetDescription.Load(options.NetPath);
        var image = NetImage.Locate(net, options.NetPath);
        if (options.VerifyImage)
            NetImage.VerifyHash(net, image);
        var qemu = QemuLocator.Find(options.QemuPath,
            Environment.GetEnvironmentVariable(QemuLocator.EnvironmentVariable),
            Environment.GetEnvironmentVariable("PATH"));
        using var consoleLog = options.PrintCommand ? ConsoleLog.CreateName() : prestart?.AdoptConsoleLog() ?? ConsoleLog.Create();
        var iso = NetImage.LocateIso(options.Machine, image);
        var gdbPort = options.WaitForDebugger || options.GdbPort is not null ? GdbStub.Reserve(options.GdbPort) : (int?)null;
        var plan = LaunchPlan.Create(options, net, image, () => AcceleratorProbe.ProbeKvm(), qemu, consoleLog.Path,
            bootIso: iso, gdbPort: gdbPort, hostMemory: HostMemory.Total);

        if (options.PrintCommand)
        {
            Console.Out.WriteLine(Diver.Text.ShellQuote.Join(plan.Command.Executable, plan.Command.ToArguments()));
            return 0;
        }
        using var prestarted = prestart?.Claim(plan, consoleLog);
        var quiet = options.Quiet || (options.InheritVerbosity && ParentVerbosity.ParentIsQuiet());
        if (!quiet)
            Console.Error.WriteLine(plan.Banner);
        // Printed even when quiet: without it a halted net just hangs.
        if (plan.DebuggerHint is not null)
            Console.Error.WriteLine(plan.DebuggerHint);
        // Installed before the mode's session (SplitVM's proxy) starts, so a Ctrl-C at any point still reaches the cleanup below.
        using var trap = InterruptTrap.Install();
        if (options.ExitWithParent)
            ParentWatch.Start();
        using var mode = plan.ModePlan is null ? null : StartMode(plan.ModePlan, plan.Command, quiet);
        var command = mode is null ? plan.Command : mode.Attach(plan.Command);
        using var channels = plan.Channels is null ? null : ChannelSession.Open(plan.Channels, command, mode?.Memory);
        command = channels?.Attach(command) ?? command;
        consoleLog.InheritByQemu();
        // Held from here on, so a panic is symbolized against the image that ran even after a rebuild.
        using var runningImage = RunningImage.Open(plan.ImagePath);
        channels?.Start();
        var outcome = QemuSupervisor.Run(command, plan.Timeout, trap, consoleInput: plan.Channels?.Input is not "-" and not "0", prestarted);
        channels?.Finish(Console.Error);
        mode?.Finish(Console.Error);
        return RunReport.Conclude(outcome, plan, consoleLog, runningImage);
    }

    static IModeSession StartMode(IModePlan modePlan, Diver.Qemu.QemuCommand command, bool quiet)
    {
        var session = modePlan.Start(command);
        if (!quiet)
            Console.Error.WriteLine(modePlan.Summary);
        return session;
    }
}
