using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Diver.Cli.Run;
using Diver.Cli.Modes;
using Diver.Cli.SplitVm;
using Diver.Pipelines;

namespace Diver.Cli.Pipelines;

/// <summary>
/// One running stage: a child launcher (`run` on the stage's net) pinned to the stage's host
/// cores, its output copied to the terminal through <see cref="StageOutput"/>. The child launcher
/// owns its QEMU and cleans it up; stopping a stage is a SIGTERM to the child. A streamed stage's
/// channels reach its launcher as inherited pipe descriptors (<see cref="PipelineStreams"/>).
/// </summary>
internal sealed class StageProcess : IDisposable
{
    readonly Process process;
    public PipelineStageDescription Stage { get; }
    public StreamGroup Group { get; }

    /// <summary>The heterogeneous job component the stage runs in (through srun), or null when it runs here.</summary>
    public int? HetComponent { get; }

    StageProcess(Process process, PipelineStageDescription stage, StreamGroup group, int? hetComponent)
    {
        this.process = process;
        Stage = stage;
        Group = group;
        HetComponent = hetComponent;
    }

    public int ExitCode => process.ExitCode;

    /// <param name="channels">The stage's channel pipes (input, output), handed to the child as descriptors; null when it streams nothing.</param>
    /// <param name="hetComponent">Run the stage in this component of the heterogeneous job around the runner (srun), not here.</param>
    public static StageProcess Start(PipelineStageDescription stage, StreamGroup group, IReadOnlyList<int> cores,
        PipelineRunOptions options, StageOutput output, Action<StageProcess> exited, (PipeEnd? Input, PipeEnd? Output) channels = default,
        int? hetComponent = null)
    {
        var launcher = LauncherSelf.Command();
        var (program, arguments) = hetComponent is { } component
            ? Slurm.HetComponent.Command(component, launcher, (input, output) => LauncherArguments(stage, stage.Net, options, options.VerifyImages, (input, output)),
                channels.Input?.Descriptor, channels.Output?.Descriptor)
            : (launcher[0], launcher.Skip(1).Concat(LauncherArguments(stage, stage.Net, options, options.VerifyImages, (channels.Input?.Spec, channels.Output?.Spec))));
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The stage launcher runs with --exit-with-parent: this tells it which parent to outlive no longer.
        // Not through srun: on the stage's node this pid is nobody's (its parent there is slurmstepd).
        if (hetComponent is null)
            start.Environment[ParentWatch.ParentVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        Process process;
        // Affinity is per thread and inherited at fork: pin this thread, start the child, unpin.
        // The child's QEMU (and SplitVM proxy) then live on the stage's cores only.
        // Through srun the stage runs on its component's cores, wherever they are: srun itself stays unpinned.
        var allowed = HostCpus.Allowed();
        HostCpus.PinCurrentThread(hetComponent is null ? cores : allowed);
        try
        {
            process = new Process { StartInfo = start, EnableRaisingEvents = true };
            HostPipe.HandOver([.. new[] { channels.Input, channels.Output }.OfType<PipeEnd>()], () => process.Start());
        }
        catch (Win32Exception e)
        {
            throw new DiverException(ErrorCodes.QemuFailed,
                $"Stage '{stage.Name}' could not be started ({program}): {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}.");
        }
        finally
        {
            HostCpus.PinCurrentThread(allowed);
        }
        // A stage without an Input reads nothing: end of input at once, as `cmd </dev/null`.
        process.StandardInput.Close();
        var stageProcess = new StageProcess(process, stage, group, hetComponent);
        var streams = new[]
        {
            Pump(process.StandardOutput, Console.Out, stage.Name, output),
            Pump(process.StandardError, Console.Error, stage.Name, output),
        };
        process.Exited += (_, _) =>
        {
            // Report only after the last output line is out, so a failure message follows it.
            Task.WaitAll(streams);
            exited(stageProcess);
        };
        return stageProcess;
    }

    /// <summary>The `run` command line that boots one stage's net (here, or on a Slurm node from a staged copy).</summary>
    public static IEnumerable<string> LauncherArguments(PipelineStageDescription stage, string net, PipelineRunOptions options, bool verifyImage = false,
        (string? Input, string? Output) channels = default)
    {
        yield return "run";
        yield return net;
        if (verifyImage) yield return "--verify-image";
        yield return "--mode";
        yield return stage.DeployMode;
        yield return "--cpus";
        yield return stage.Cpus.ToString(CultureInfo.InvariantCulture);
        yield return "--memory";
        yield return stage.Memory;
        if ((stage.RunTimeout?.ToString(CultureInfo.InvariantCulture) ?? options.DefaultTimeout) is { } timeout)
        {
            yield return "--timeout";
            yield return timeout;
        }
        foreach (var argument in DeployModeRegistry.Builtin.Parse(stage.DeployMode).StageArguments(stage))
            yield return argument;
        if (options.Accelerator is { } accel)
        {
            yield return "--accel";
            yield return accel;
        }
        if (options.QemuPath is { } qemu)
        {
            yield return "--qemu";
            yield return qemu;
        }
        if (channels.Input is { } input)
        {
            yield return "--channel-in";
            yield return input;
        }
        if (channels.Output is { } outputFd)
        {
            yield return "--channel-out";
            yield return outputFd;
        }
        yield return "--quiet";
        // A stage ends with the process that started it, even one killed with SIGKILL.
        yield return "--exit-with-parent";
        yield return "--";
        foreach (var argument in stage.Args)
            yield return argument;
    }

    static Task Pump(StreamReader reader, TextWriter writer, string stage, StageOutput output) =>
        Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
                output.Write(writer, stage, line);
        });

    /// <summary>Asks the child launcher to stop its VM (it cleans up and exits); SIGKILL after a grace period.</summary>
    public void Stop(TimeSpan grace) => PosixProcess.Stop(process, grace);

    public void WaitForExit() => process.WaitForExit();

    public void Dispose() => process.Dispose();
}
