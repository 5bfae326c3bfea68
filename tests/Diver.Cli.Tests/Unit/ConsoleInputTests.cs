using Diver.Cli.Run;

namespace Diver.Cli.Tests.Unit;

/// <summary>The host side of the console protocol (docs/kernel-contract.md, "Console input").</summary>
public sealed class ConsoleInputTests
{
    [Fact]
    public void EscapesTheThreeSpecialBytesAndNothingElse()
    {
        byte[] data = [(byte)'a', 0x04, 0xFF, 0x0D, (byte)'\n', 0x00, 0x1B];
        var output = new byte[data.Length * 2];
        var n = ConsoleInput.Encode(data, output);
        Assert.Equal<byte>([(byte)'a', 0xFF, 0x04, 0xFF, 0xFF, 0xFF, 0x0D, (byte)'\n', 0x00, 0x1B], output[..n]);
    }

    [Fact]
    public void RelayEndsTheStreamWithEndOfInput()
    {
        var every = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var qemu = new MemoryStream();
        ConsoleInputRelay.Copy(new MemoryStream(every), new NoDisposeStream(qemu));
        var sent = qemu.ToArray();
        Assert.Equal(0x04, sent[^1]);
        Assert.Equal(256 + 3 + 1, sent.Length);
        Assert.Equal(every, Decode(sent[..^1]));
    }

    [Fact]
    public void EmptyInputIsJustEndOfInput()
    {
        var qemu = new MemoryStream();
        ConsoleInputRelay.Copy(new MemoryStream(), new NoDisposeStream(qemu));
        Assert.Equal<byte>([0x04], qemu.ToArray());
    }

    /// <summary>The guest's rules, as platform/dev/console_input.c applies them.</summary>
    static byte[] Decode(byte[] stream)
    {
        var output = new List<byte>();
        for (var i = 0; i < stream.Length; i++)
        {
            Assert.NotEqual(0x04, stream[i]);   // no unescaped end of input inside the data
            Assert.NotEqual(0x0D, stream[i]);
            output.Add(stream[i] == 0xFF ? stream[++i] : stream[i]);
        }
        return [.. output];
    }

    /// <summary>The relay disposes QEMU's input when done; keep the bytes readable.</summary>
    sealed class NoDisposeStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
