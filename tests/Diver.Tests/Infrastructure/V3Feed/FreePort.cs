using System.Net;
using System.Net.Sockets;

namespace Diver.Tests.Infrastructure.V3Feed;

/// <summary>
/// A loopback port nobody listens on right now: the kernel picks one for port 0. Another process
/// may take it before HttpListener binds it, so callers retry on a conflict.
/// </summary>
public static class FreePort
{
    public static int Pick()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try { return ((IPEndPoint)probe.LocalEndpoint).Port; }
        finally { probe.Stop(); }
    }
}
