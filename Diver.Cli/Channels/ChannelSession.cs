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
    readonly RingLink? inputLink;
    readonly RingLink? outputLink;
    readonly ChannelRelay relay;

    ChannelSession(ChannelPlan plan, SharedRamFile? ownRam, GuestMemory memory, Stream? input, Stream? output, RingLink? inputLink, RingLink? outputLink)
    {
        this.ownRam = ownRam;
        this.input = input;
        this.output = output;
        this.inputLink = inputLink;
        this.outputLink = outputLink;
        relay = new ChannelRelay(memory, plan, input, output, inputLink, outputLink);
    }

    /// <summary>Opens the host ends; <paramref name="modeMemory"/> is guest RAM a deploy mode already shares, else a memfd is made.</summary>
    public static ChannelSession Open(ChannelPlan plan, QemuCommand command, GuestMemory? modeMemory)
    {
        Stream? input = null, output = null;
        RingLink? inputLink = null, outputLink = null;
        SharedRamFile? ram = null;
        try
        {
            if (plan.Input is { } inSpec)
            {
                if (ChannelEndpoint.IsLink(inSpec)) inputLink = ChannelEndpoint.OpenLink(inSpec, input: true);
                else input = ChannelEndpoint.OpenInput(inSpec);
            }
            if (plan.Output is { } outSpec)
            {
                if (ChannelEndpoint.IsLink(outSpec)) outputLink = ChannelEndpoint.OpenLink(outSpec, input: false);
                else output = ChannelEndpoint.OpenOutput(outSpec);
            }
            ram = modeMemory is null ? SharedRamFile.Create(SharedRamFile.SizeOf(command)) : null;
            var memory = ram?.Memory ?? modeMemory!;
            if (outputLink is not null && memory.File is null)
                throw new DiverException(ErrorCodes.ChannelEndpointUnusable,
                    $"--channel-out {plan.Output} needs guest RAM the launcher made, which this deploy mode does not give. Use a descriptor or a file instead.");
            return new ChannelSession(plan, ram, memory, input, output, inputLink, outputLink);
        }
        catch
        {
            input?.Dispose();
            output?.Dispose();
            inputLink?.Dispose();
            outputLink?.Dispose();
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
        // A link stays open (hung up) until the process exits: its descriptor number must not be reused
        // under a relay thread that may still be blocked on it.
        // The input thread may still be inside a read into guest RAM: keep the mapping (the process
        // is about to exit) rather than unmap under it.
        if (input is null && inputLink is null) ownRam?.Dispose();
    }
}
