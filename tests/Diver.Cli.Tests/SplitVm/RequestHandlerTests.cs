using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

/// <summary>The proxy's request handler against a memory buffer standing in for guest RAM.</summary>
public class RequestHandlerTests
{
    const int RamSize = 1 << 20;
    const ulong Buffer = 0x8000;
    const int O_RDWR = 2, O_CREAT = 0x40;

    [Fact]
    public void WritesReadsSeeksAndStatsAFile()
    {
        using var folder = new SandboxFolder();
        using var ram = new GuestBuffer(RamSize);
        using var handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        var (path, length) = ram.Put(0x1000, "f.txt");
        var fd = handler.Handle(ForwardOp.Open, path, length, O_RDWR | O_CREAT, 0x1a4);
        Assert.True(fd >= 3);
        var (data, size) = ram.Put(Buffer, "hello");
        Assert.Equal(5, handler.Handle(ForwardOp.Write, (ulong)fd, data, size, 0));
        Assert.Equal(0, handler.Handle(ForwardOp.Lseek, (ulong)fd, 0, 0, 0));
        Assert.Equal(5, handler.Handle(ForwardOp.Read, (ulong)fd, 0x9000, 64, 0));
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(ram.Memory.Span(0x9000, 5)));
        Assert.Equal(0, handler.Handle(ForwardOp.Fstat, (ulong)fd, 0xa000, 0, 0));
        Assert.Equal(5UL, ram.Memory.ReadUInt64(0xa000));
        Assert.Equal(0, handler.Handle(ForwardOp.Close, (ulong)fd, 0, 0, 0));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(folder.Root, "f.txt")));
    }

    [Fact]
    public void AFullDescriptorTableFailsWithEmfileWithoutCreatingTheFile()
    {
        using var folder = new SandboxFolder();
        using var ram = new GuestBuffer(RamSize);
        using var handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        var (path, length) = ram.Put(0x1000, "open.txt");
        for (var i = 0; i < DescriptorTable.Capacity; i++)
            Assert.True(handler.Handle(ForwardOp.Open, path, length, O_RDWR | O_CREAT, 0x1a4) >= 3);
        var (created, createdLength) = ram.Put(0x2000, "one-too-many.txt");
        Assert.Equal(-Errno.EMFILE, handler.Handle(ForwardOp.Open, created, createdLength, O_RDWR | O_CREAT, 0x1a4));
        Assert.False(File.Exists(Path.Combine(folder.Root, "one-too-many.txt")));
    }

    [Fact]
    public void PointersOutsideGuestRamAreEfault()
    {
        using var folder = new SandboxFolder();
        using var ram = new GuestBuffer(RamSize);
        using var handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        var (path, length) = ram.Put(0x1000, "g.txt");
        var fd = (ulong)handler.Handle(ForwardOp.Open, path, length, O_RDWR | O_CREAT, 0x1a4);
        Assert.Equal(-Errno.EFAULT, handler.Handle(ForwardOp.Write, fd, RamSize - 2, 4, 0));
        Assert.Equal(-Errno.EFAULT, handler.Handle(ForwardOp.Read, fd, ulong.MaxValue - 1, 4, 0));
        Assert.Equal(-Errno.EFAULT, handler.Handle(ForwardOp.Open, RamSize, 1, 0, 0));
        Assert.Equal(-Errno.EFAULT, handler.Handle(ForwardOp.ClockGettime, 0, RamSize - 8, 0, 0));
        Assert.Equal(-Errno.EBADF, handler.Handle(ForwardOp.Read, 77, 0, 1, 0));
        Assert.Equal(-Errno.ENOSYS, handler.Handle((ForwardOp)999, 0, 0, 0, 0));
    }

    [Fact]
    public void ListsADirectoryAsNulTerminatedNames()
    {
        using var folder = new SandboxFolder();
        using var ram = new GuestBuffer(RamSize);
        using var handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        var (path, length) = ram.Put(0x1000, "/");
        var n = handler.Handle(ForwardOp.Listdir, path, length, Buffer, 4096);
        Assert.Equal("dangling\0in\0inlink\0out\0", System.Text.Encoding.UTF8.GetString(ram.Memory.Span(Buffer, (int)n)));
    }
}
