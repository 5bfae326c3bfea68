using System.Runtime.InteropServices;
using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

/// <summary>Native memory standing in for guest RAM, for driving the real proxy code in-process.</summary>
internal sealed unsafe class GuestBuffer : IDisposable
{
    readonly byte* start;

    public GuestBuffer(int size)
    {
        start = (byte*)NativeMemory.AllocZeroed((nuint)size);
        Memory = new GuestMemory(start, size);
    }

    public GuestMemory Memory { get; }

    /// <summary>Writes a string (no terminator; the ABI passes lengths) and returns its address and length.</summary>
    public (ulong Address, ulong Length) Put(ulong address, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(Memory.Span(address, bytes.Length));
        return (address, (ulong)bytes.Length);
    }

    public void Dispose() => NativeMemory.Free(start);
}
