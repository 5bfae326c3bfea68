using Diver.Cli.SplitVm;
using Diver.Qemu;

namespace Diver.Cli.Channels;

/// <summary>
/// The channels of one run: the host ends, the guest RAM they are read from (the deploy mode's
/// shared memory when it has some, as SplitVM does, else a memfd of its own, which QEMU inherits the same way) and the relay.
/// Nothing here has a name in /dev/shm, so nothing can be left behind.
/// </summary>
internal sealed class ChannelSession : IDisposable
{
    static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    readonly SharedRamFile? ownRam;
    readonly Stream? input;
    readonly Stream? output;
    readonly ChannelRelay relay;

    ChannelSession(ChannelPlan plan, SharedRamFile? ownRam, GuestMemory memory, Stream? input, Stream? output)
    {
        this.ownRam = ownRam;
        this.input = input;
        this.output = output;
        relay = new ChannelRelay(memory, plan, input, output);
    }

    /// <summary>Opens the host ends; <paramref name="modeMemory"/> is guest RAM a deploy mode already shares, else a memfd is made.</summary>
    public static ChannelSession Open(ChannelPlan plan, QemuCommand command, GuestMemory? modeMemory)
    {
        Stream? input = null, output = null;
        SharedRamFile? ram = null;
        try
        {
            input = plan.Input is null ? null : ChannelEndpoint.OpenInput(plan.Input);
            output = plan.Output is null ? null : ChannelEndpoint.OpenOutput(plan.Output);
            ram = modeMemory is null ? SharedRamFile.Create(SharedRamFile.SizeOf(command)) : null;
            return new ChannelSession(plan, ram, ram?.Memory ?? modeMemory!, input, output);
        }
        catch
        {
            input?.Dispose();
            output?.Dispose();
            ram?.Dispose();
            throw;
        }
    }

    /// <summary>The QEMU command with guest RAM on this session's memfd, or as it was (the deploy mode attached its own).</summary>
    public QemuCommand Attach(QemuCommand command)
    {
        if (ownRam is null) return command;
        ownRam.InheritByQemu();
        return command.WithSharedMemory(ownRam.Path);
    }

    public void Start() => relay.Start();

    /// <summary>After QEMU exited: the last output is passed on and the output stream ends.</summary>
    public void Finish(TextWriter report)
    {
        relay.Finish(DrainLimit);
        if (relay.Problem is { } problem)
            report.WriteLine($"diver: channels: {problem}.");
    }

    public void Dispose()
    {
        relay.Finish(TimeSpan.Zero);
        output?.Dispose();
        // The input thread may still be inside a read into guest RAM: keep the mapping (the process
        // is about to exit) rather than unmap under it.
        if (input is null) ownRam?.Dispose();
    }
}
