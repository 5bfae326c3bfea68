using Diver.Nets;
using Diver.Qemu;

namespace Diver.Cli.Run;

/// <summary>
/// Checks a guest RAM size before QEMU starts: below the kernel's minMemory a net hangs or
/// triple-faults with no word as to why, and beyond the host's RAM QEMU fails or the host swaps.
/// </summary>
internal static class MemoryRequest
{
    public static MemorySize Check(MemorySize memory, NetDescription net, long? hostBytes)
    {
        if (net.Machine.MinMemory is { } text && MemorySize.TryParse(text, out var minimum) && memory.Bytes < minimum.Bytes)
            throw new DiverException(ErrorCodes.MemoryBelowKernelMinimum,
                $"Memory {memory} is below the {minimum} kernel {net.Kernel.Id} needs (its manifest's minMemory). " +
                $"Ask for at least {minimum.ToQemuArgument()} (-p:Memory={minimum.ToQemuArgument()}).");
        if (hostBytes is { } host && memory.Bytes > host)
            throw new DiverException(ErrorCodes.MemoryAboveHost,
                $"Memory {memory} is more than this machine has ({new MemorySize(host >> 20 << 20)}). Ask for less (-p:Memory=...).");
        return memory;
    }
}
