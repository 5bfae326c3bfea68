using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

/// <summary>
/// 100,000 random requests through the proxy's real slot-serving path: random operations (valid
/// and not), random descriptors, pointers and lengths in and out of guest RAM, paths that try to
/// escape. Afterwards the proxy must still serve, and nothing outside the sandbox may have changed.
/// </summary>
public class ProxyFuzzTests
{
    const int RamSize = 1 << 20;
    const long Slot = 0x100;
    static readonly string[] Paths =
        ["a", "b/c", "dir", "dir/x", "../escape", "out/secret.txt", "out/new", "dangling", "/etc/passwd", "in/../../outside/secret.txt",
         "inlink/z", "", ".", "..", "/", "a\0b", new string('x', 300)];

    [Fact]
    public void RandomRequestsNeitherCrashNorEscape()
    {
        using var folder = new SandboxFolder();
        var before = folder.OutsideSnapshot();
        using var ram = new GuestBuffer(RamSize);
        using var handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        using var proxy = new ForwardProxy(ram.Memory, 1, handler, null, []);
        var random = new Random(5);
        for (var i = 0; i < 100_000; i++)
        {
            WriteRandomRequest(ram, random);
            proxy.ServeSlotForTest(Slot);
            Assert.Equal(ForwardAbi.Done, ram.Memory.ReadUInt32(Slot + ForwardAbi.SlotState));
        }
        Assert.Equal(before, folder.OutsideSnapshot());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Folder).Select(Path.GetFileName).Except(["root", "outside"]));

        // Still serving: a null call and a full write/read round trip.
        Assert.Equal(0, handler.Handle(ForwardOp.Nop, 0, 0, 0, 0));
        var (path, length) = ram.Put(0x2000, "after.txt");
        var fd = handler.Handle(ForwardOp.Open, path, length, 0x42, 0x1a4);
        Assert.True(fd >= 3, $"open after fuzzing returned {fd}");
        Assert.Equal(4, handler.Handle(ForwardOp.Write, (ulong)fd, ram.Put(0x3000, "ok!\n").Address, 4, 0));
        Assert.Equal(0, handler.Handle(ForwardOp.Close, (ulong)fd, 0, 0, 0));
    }

    static void WriteRandomRequest(GuestBuffer ram, Random random)
    {
        var m = ram.Memory;
        m.WriteUInt32(Slot + ForwardAbi.SlotOp, (uint)random.Next(-2, 17));
        for (var a = 0; a < 4; a++)
            m.WriteUInt64(Slot + ForwardAbi.SlotArgs + a * 8, RandomArgument(ram, random));
        m.WriteUInt32(Slot + ForwardAbi.SlotState, ForwardAbi.Posted);
    }

    /// <summary>A mix of small numbers (descriptors, flags), plausible pointers, paths and garbage.</summary>
    static ulong RandomArgument(GuestBuffer ram, Random random) => random.Next(6) switch
    {
        0 => (ulong)random.Next(0, 12),
        1 => (ulong)random.Next(0, RamSize),
        2 => (ulong)random.NextInt64(),
        3 => ulong.MaxValue - (ulong)random.Next(0, 64),
        4 => PathAddress(ram, random),
        _ => (ulong)random.Next(0, 4096),
    };

    /// <summary>Plants a path at a fixed spot; the next argument (its length) is random, so it may be cut or overrun.</summary>
    static ulong PathAddress(GuestBuffer ram, Random random)
    {
        ram.Put(0x10000, Paths[random.Next(Paths.Length)]);
        return 0x10000;
    }
}
