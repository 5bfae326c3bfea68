using System.Runtime.InteropServices;
using Diver.Cli.SplitVm;

namespace Diver.Cli.Tests.SplitVm;

/// <summary>
/// Forwarded reads and writes against guest RAM as SplitVM makes it (a memfd): the bytes move
/// between the file and guest RAM inside the host kernel, exactly as read/write would move them,
/// without the proxy touching guest RAM through its own mapping (each first touch of a page there
/// is a fault, which made bulk writes a tenth of a plain write's speed on a virtualized host).
/// </summary>
public sealed unsafe class GuestRamTransferTests : IDisposable
{
    const long RamSize = 16 << 20;
    const int Length = (3 << 20) + 123;   // several pipe rounds, not a whole number of pages
    const ulong Source = 0x100000 + 77;   // inside a page, as a guest buffer may start
    const ulong Target = 0x800000 + 4001;
    const int O_RDWR = 2, O_CREAT = 0x40, O_APPEND = 0x400, O_DIRECTORY = 0x10000;

    readonly SandboxFolder folder = new();
    readonly SharedRamFile ram = SharedRamFile.Create(RamSize);
    readonly RequestHandler handler;
    readonly byte[] data = new byte[Length];

    public GuestRamTransferTests()
    {
        handler = new RequestHandler(ram.Memory, new Sandbox(folder.Root));
        new Random(9).NextBytes(data);
        // Into guest RAM the way the guest's own stores land: through the file, not the proxy's mapping.
        RandomAccess.Write(ram.Memory.File!, data, (long)Source);
    }

    [Fact]
    public void Write_then_read_back_moves_every_byte_and_the_file_offset()
    {
        var fd = Open("bulk.bin", O_RDWR | O_CREAT);

        Assert.Equal(Length, handler.Handle(ForwardOp.Write, fd, Source, Length, 0));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(folder.Root, "bulk.bin")));
        Assert.Equal(Length, handler.Handle(ForwardOp.Lseek, fd, 0, 1, 0)); // SEEK_CUR: write moved it

        Assert.Equal(0, handler.Handle(ForwardOp.Lseek, fd, 0, 0, 0));
        Assert.Equal(Length, handler.Handle(ForwardOp.Read, fd, Target, Length + 4096, 0));
        Assert.Equal(data, GuestBytes(Target, Length));
        Assert.Equal(0, handler.Handle(ForwardOp.Read, fd, Target, 4096, 0)); // end of file
    }

    [Fact]
    public void Pwrite_and_pread_use_their_offset_and_leave_the_file_offset()
    {
        var fd = Open("at.bin", O_RDWR | O_CREAT);

        Assert.Equal(Length, handler.Handle(ForwardOp.Pwrite, fd, Source, Length, 5000));
        Assert.Equal(0, handler.Handle(ForwardOp.Lseek, fd, 0, 1, 0));
        var file = File.ReadAllBytes(Path.Combine(folder.Root, "at.bin"));
        Assert.Equal(5000 + Length, file.Length);
        Assert.Equal(data, file[5000..]);

        Assert.Equal(Length - 1000, handler.Handle(ForwardOp.Pread, fd, Target, Length, 6000));
        Assert.Equal(data[1000..], GuestBytes(Target, Length - 1000));
        Assert.Equal(0, handler.Handle(ForwardOp.Lseek, fd, 0, 1, 0));
    }

    [Fact]
    public void Files_splice_cannot_serve_get_the_plain_calls_answer()
    {
        File.WriteAllText(Path.Combine(folder.Root, "log.txt"), "first ");
        var log = Open("log.txt", O_RDWR | O_APPEND);
        Assert.Equal(100, handler.Handle(ForwardOp.Write, log, Source, 100, 0));
        Assert.Equal([.. "first "u8, .. data[..100]], File.ReadAllBytes(Path.Combine(folder.Root, "log.txt")));

        Directory.CreateDirectory(Path.Combine(folder.Root, "d"));
        var directory = Open("d", O_DIRECTORY);
        Assert.Equal(-21, handler.Handle(ForwardOp.Read, directory, Target, 100, 0)); // EISDIR
    }

    [Fact]
    public void A_bulk_transfer_does_not_fault_in_guest_ram_through_the_proxy()
    {
        var fd = Open("faults.bin", O_RDWR | O_CREAT);
        // Both paths run once first, so compiling them adds no faults to the count.
        Assert.Equal(10, handler.Handle(ForwardOp.Pwrite, fd, Source, 10, 0));
        Assert.Equal(10, handler.Handle(ForwardOp.Pread, fd, Target, 10, 0));

        var before = MinorFaultsOfThisThread();
        Assert.Equal(Length, handler.Handle(ForwardOp.Pwrite, fd, Source, Length, 0));
        Assert.Equal(Length, handler.Handle(ForwardOp.Pread, fd, Target, Length, 0));
        var faults = MinorFaultsOfThisThread() - before;

        // Through the proxy's mapping the two calls fault at least once per 64 KiB read (the
        // kernel maps 16 pages a fault) and once per page written: 830 faults here.
        Assert.True(faults < 64, $"{faults} page faults while moving 2 x {Length} bytes");
        Assert.Equal(data, GuestBytes(Target, Length));
    }

    ulong Open(string name, int flags)
    {
        var (path, length) = Put(0x1000, name);
        var fd = handler.Handle(ForwardOp.Open, path, length, (ulong)flags, 0x1a4);
        Assert.True(fd >= 3, $"open {name}: {fd}");
        return (ulong)fd;
    }

    (ulong, ulong) Put(ulong address, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        RandomAccess.Write(ram.Memory.File!, bytes, (long)address);
        return (address, (ulong)bytes.Length);
    }

    byte[] GuestBytes(ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.Equal(length, RandomAccess.Read(ram.Memory.File!, bytes, (long)address));
        return bytes;
    }

    static long MinorFaultsOfThisThread()
    {
        const int RUSAGE_THREAD = 1;
        var usage = stackalloc long[18]; // struct rusage: two timevals, then 14 longs, ru_minflt the fifth of them
        Assert.Equal(0, getrusage(RUSAGE_THREAD, usage));
        return usage[8];
    }

    [DllImport("libc", SetLastError = true)]
    static extern int getrusage(int who, long* usage);

    public void Dispose()
    {
        handler.Dispose();
        ram.Dispose();
        folder.Dispose();
    }
}
