namespace Diver.Cli.SplitVm;

/// <summary>The host cores this process may use, and pinning a thread to some of them.</summary>
internal static unsafe class HostCpus
{
    const int MaskWords = 16;   // 1024 CPUs

    /// <summary>The cores sched_getaffinity allows this process, ascending.</summary>
    public static IReadOnlyList<int> Allowed()
    {
        var mask = stackalloc ulong[MaskWords];
        if (Libc.sched_getaffinity(0, MaskWords * 8, mask) != 0)
            return Enumerable.Range(0, Environment.ProcessorCount).ToList();
        var cores = new List<int>();
        for (var i = 0; i < MaskWords * 64; i++)
            if ((mask[i / 64] & (1UL << (i % 64))) != 0)
                cores.Add(i);
        return cores;
    }

    /// <summary>
    /// Pins the calling thread (Linux affinity is per thread). Children forked from it afterwards
    /// inherit the mask, which is how QEMU's vCPU threads land on the guest's cores.
    /// </summary>
    public static bool PinCurrentThread(IReadOnlyList<int> cores)
    {
        if (cores.Count == 0) return false;
        var mask = stackalloc ulong[MaskWords];
        foreach (var core in cores)
            if (core is >= 0 and < MaskWords * 64)
                mask[core / 64] |= 1UL << (core % 64);
        return Libc.sched_setaffinity(0, MaskWords * 8, mask) == 0;
    }
}
