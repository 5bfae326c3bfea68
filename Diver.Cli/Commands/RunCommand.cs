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
        var plan = LaunchPlan.Create(options, net, image, () => AcceleratorProbe.ProbeKvm(), qemu, consoleLog.Path);

        if (options.PrintCommand)
        {
            Console.Out.WriteLine(Diver.Text.ShellQuote.Join(plan.Command.Executable, plan.Command.ToArguments()));
            return 0;
        }
        if (!options.Quiet)
            Console.Error.WriteLine(plan.Banner);
        using var trap = InterruptTrap.Install();
        var outcome = QemuSupervisor.Run(plan.Command, plan.Timeout, trap);
        return RunReport.Conclude(outcome, plan, consoleLog);
    }
}
