using Diver.Cli.Run;
using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver run NET`: what `dotnet run` calls for a Diver project. Everything before
/// QEMU starts is kept to the minimum (no hashing, one open() to probe KVM), because the launcher's
/// cost is measured against the bare QEMU command.
/// </summary>
internal static class RunCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var options = RunOptionsParser.Parse(args);
        if (options.ShowHelp)
        {
            HelpText.WriteRun(Console.Out);
            return 0;
        }

        var net = NetDescription.Load(options.NetPath);
        var image = NetImage.Locate(net, options.NetPath);
        var qemu = QemuLocator.Find(options.QemuPath,
            Environment.GetEnvironmentVariable(QemuLocator.EnvironmentVariable),
            Environment.GetEnvironmentVariable("PATH"));
        using var consoleLog = ConsoleLog.CreateName();
        var iso = NetImage.LocateIso(options.Machine, image);
        var gdbPort = options.WaitForDebugger || options.GdbPort is not null ? GdbStub.Reserve(options.GdbPort) : (int?)null;
        var plan = LaunchPlan.Create(options, net, image, () => AcceleratorProbe.ProbeKvm(), qemu, consoleLog.Path, iso, gdbPort);

        var quiet = options.Quiet || (options.InheritVerbosity && ParentVerbosity.ParentIsQuiet());
        if (!quiet)
            Console.Error.WriteLine(plan.Banner);
        // Printed even when quiet: without it a halted net just hangs.
        if (plan.DebuggerHint is not null)
            Console.Error.WriteLine(plan.DebuggerHint);
        using var trap = InterruptTrap.Install();
        var outcome = QemuSupervisor.Run(plan.Command, plan.Timeout, trap);
        return RunReport.Conclude(outcome, plan, consoleLog);
    }
}
