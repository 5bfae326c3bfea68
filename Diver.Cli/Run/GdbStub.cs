using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Diver.Cli.Run;

/// <summary>
/// The port QEMU's gdb stub listens on (loopback only: a gdb stub is full control of the guest),
/// and the gdb command line the user types to attach.
/// </summary>
internal static class GdbStub
{
    public static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new DiverException(ErrorCodes.GdbPortUnavailable,
                $"GDB port '{text}' is not a TCP port. Use a number from 1 to 65535 (-p:GdbPort=1234), or leave it out to get a free one.");

    /// <summary>
    /// The requested port if nothing listens on it yet, else a free one the kernel picks. Binding
    /// here first turns a busy port into a clear error instead of QEMU's exit; the port is released
    /// again right away so QEMU can take it.
    /// </summary>
    public static int Reserve(int? requested)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, requested ?? 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
        catch (SocketException e)
        {
            throw new DiverException(ErrorCodes.GdbPortUnavailable,
                $"GDB port {requested} cannot be used ({e.SocketErrorCode}): another program (perhaps another waiting net) listens on it. " +
                "Choose another -p:GdbPort, or leave it out to get a free one.");
        }
    }

    /// <summary>What to type to attach: symbols from the net's ELF, then the stub. hbreak works before the kernel enables paging and under KVM too.</summary>
    public static string GdbCommand(string imagePath, int port) =>
        $"gdb {Quote(imagePath)} -ex 'target remote 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}' -ex 'hbreak main' -ex continue";

    static string Quote(string path) =>
        path.All(c => char.IsLetterOrDigit(c) || "-_./+,@%".Contains(c)) ? path : $"'{path.Replace("'", "'\\''")}'";
}
