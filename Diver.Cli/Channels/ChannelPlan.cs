namespace Diver.Cli.Channels;

/// <summary>
/// The channels of one run, decided before QEMU starts: where each side's host end is
/// (<see cref="ChannelEndpoint"/>) and the nonce the kernel publishes that ring under.
/// </summary>
internal sealed record ChannelPlan(string? Input, string? Output, ulong InputNonce, ulong OutputNonce)
{
    public static ChannelPlan? Create(string? input, string? output, Func<ulong> nonce) =>
        input is null && output is null ? null : new ChannelPlan(input, output, nonce() | 1, nonce() | 1);

    /// <summary>The kernel options (before "--") that ask for the rings.</summary>
    public IEnumerable<string> KernelOptions()
    {
        if (Input is not null) yield return ChannelAbi.InputOption(InputNonce);
        if (Output is not null) yield return ChannelAbi.OutputOption(OutputNonce);
    }
}
