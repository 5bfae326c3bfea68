namespace Diver.Cli.SplitVm;

/// <summary>
/// Guest descriptors (3 and up; 0-2 are the guest's console) mapped to the proxy's host
/// descriptors. The guest never sees a host number, so it cannot reach any file the launcher
/// itself has open.
/// </summary>
internal sealed class DescriptorTable : IDisposable
{
    public const int First = 3;
    public const int Capacity = 256;

    readonly int[] host = Enumerable.Repeat(-1, Capacity).ToArray();

    /// <summary>No free guest number: an open must fail with EMFILE before it touches the host (O_CREAT would create the file).</summary>
    public bool Full => Array.IndexOf(host, -1) < 0;

    /// <summary>The guest number for a new host descriptor, or -1 when the table is full.</summary>
    public int Add(int hostFd)
    {
        var slot = Array.IndexOf(host, -1);
        if (slot < 0) return -1;
        host[slot] = hostFd;
        return slot + First;
    }

    /// <summary>The host descriptor behind a guest one, or -1.</summary>
    public int Lookup(ulong guestFd) =>
        guestFd >= First && guestFd < First + Capacity ? host[guestFd - First] : -1;

    public int Remove(ulong guestFd)
    {
        var hostFd = Lookup(guestFd);
        if (hostFd >= 0) host[guestFd - First] = -1;
        return hostFd;
    }

    public void Dispose()
    {
        for (var i = 0; i < host.Length; i++)
            if (host[i] >= 0)
            {
                Libc.close(host[i]);
                host[i] = -1;
            }
    }
}
