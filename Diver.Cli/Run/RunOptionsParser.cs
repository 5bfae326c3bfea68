using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Hand-written parsing for `run`: a dozen options do not justify a parser library's start-up
/// cost in a launcher whose whole budget is a few milliseconds. Accepts "--opt value" and
/// "--opt=value"; an empty value means "the default", so MSBuild can pass unset properties through.
/// </summary>
internal static class RunOptionsParser
{
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RunOptions();
        string? netPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
                return Finish(options with { GuestArguments = [.. args.Skip(i + 1)] }, netPath);
            if (arg is "-h" or "--help" or "-?")
                return options with { ShowHelp = true };
            if (arg is "-q" or "--quiet")
            {
                options = options with { Quiet = true };
                continue;
            }
            if (arg == "--print-command")
            {
                options = options with { PrintCommand = true };
                continue;
            }
            if (arg is "--inherit-verbosity")
            {
                options = options with { InheritVerbosity = true };
                continue;
            }
            if (arg is "--verify-image")
            {
                options = options with { VerifyImage = true };
                continue;
            }
            if (arg is "--exit-with-parent")
            {
                options = options with { ExitWithParent = true };
                continue;
            }
            if (arg is "--wait-for-debugger")
            {
                options = options with { WaitForDebugger = true };
                continue;
            }
            if (!arg.StartsWith('-') || arg == "-")
            {
                if (netPath is not null)
                    throw Bad($"Unexpected argument '{arg}': 'run' takes one net. Put guest arguments after '--'.");
                netPath = arg;
                continue;
            }
            var (name, value) = SplitOption(arg, args, ref i);
            if (value.Trim().Length == 0)
                continue;
            options = name switch
            {
                "--mode" => options with { Mode = DeployModes.Parse(value) },
                "--cpus" => options with { Cpus = VcpuCount.Parse(value) },
                "--memory" => options with { Memory = MemorySize.Parse(value) },
                "--timeout" => options with { Timeout = Resources.ParseTimeout(value) },
                "--qemu" => options with { QemuPath = value },
                "--accel" => options with { Accelerator = ParseAccelerator(value) },
                "--sandbox" => options with { SandboxRoot = value },
                "--proxy-cpus" => options with { ProxyCpus = value },
                "--forward-trace" => options with { ForwardTrace = ParseSwitch(name, value) },
                "--gdb-port" => options with { GdbPort = GdbStub.ParsePort(value) },
                "--machine" => options with { Machine = Machines.Parse(value) },
                "--timeslice" => options with { TimeSliceMicroseconds = SchedulerOptions.ParseTimeSlice(value) },
                "--idle" => options with { IdlePolicy = SchedulerOptions.ParseIdlePolicy(value) },
                "--channel-in" => options with { ChannelIn = value },
                "--channel-out" => options with { ChannelOut = value },
                _ => throw Bad($"Unknown option '{name}' for 'run'. Run 'dotnet diver run --help' to see the options."),
            };
        }
        return Finish(options, netPath);
    }

    static readonly string[] ValuedOptions = ["--mode", "--cpus", "--memory", "--timeout", "--qemu", "--accel", "--sandbox", "--proxy-cpus", "--forward-trace", "--gdb-port", "--machine", "--timeslice", "--idle", "--channel-in", "--channel-out"];

    static bool ParseSwitch(string name, string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw Bad($"Option '{name}' takes true or false, not '{value}'."),
    };

    static (string Name, string Value) SplitOption(string arg, IReadOnlyList<string> args, ref int i)
    {
        var equals = arg.IndexOf('=');
        if (equals > 0)
            return (arg[..equals], arg[(equals + 1)..]);
        if (!ValuedOptions.Contains(arg))
            throw Bad($"Unknown option '{arg}' for 'run'. Run 'dotnet diver run --help' to see the options.");
        if (i + 1 >= args.Count)
            throw Bad($"Option '{arg}' needs a value.");
        return (arg, args[++i]);
    }

    static AcceleratorChoice ParseAccelerator(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => AcceleratorChoice.Auto,
        "kvm" => AcceleratorChoice.Kvm,
        "tcg" => AcceleratorChoice.Tcg,
        _ => throw Bad($"Unknown accelerator '{value}'. Use auto, kvm or tcg."),
    };

    static RunOptions Finish(RunOptions options, string? netPath) =>
        netPath is null
            ? throw Bad("'run' needs the net to boot: dotnet diver run bin/Debug/<name>.net.json")
            : options with { NetPath = netPath };

    static DiverException Bad(string message) => new(ErrorCodes.BadCommandLine, message);
}
