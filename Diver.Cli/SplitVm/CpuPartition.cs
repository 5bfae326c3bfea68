using System.Globalization;

namespace Diver.Cli.SplitVm;

/// <summary>
/// Which host cores run the guest's vCPUs and which run the proxy: disjoint sets, so the two
/// sides never space-share a core. The default gives the proxy the last allowed core and the
/// guest every other one.
/// </summary>
internal sealed record CpuPartition(IReadOnlyList<int> Guest, IReadOnlyList<int> Proxy)
{
    public static CpuPartition Choose(string? proxyList, IReadOnlyList<int> allowed)
    {
        if (allowed.Count < 2)
            throw new DiverException(ErrorCodes.SplitVmNeedsTwoCores,
                $"SplitVM needs at least two host cores (one for the guest, one for the proxy); this process may use {allowed.Count}. " +
                "Run it on a machine or cgroup with more cores, or use -p:DeployMode=VM.");
        var proxy = proxyList is null ? [allowed[^1]] : Parse(proxyList);
        var outside = proxy.Where(c => !allowed.Contains(c)).ToList();
        if (outside.Count > 0)
            throw BadList(proxyList!, $"core {outside[0]} is not one this process may use ({Describe(allowed)})");
        var guest = allowed.Where(c => !proxy.Contains(c)).ToList();
        if (guest.Count == 0)
            throw BadList(proxyList!, "it takes every core and leaves none for the guest");
        return new CpuPartition(guest, proxy);
    }

    /// <summary>"1", "1,3", "2-3": a Linux CPU list.</summary>
    public static List<int> Parse(string list)
    {
        var cores = new SortedSet<int>();
        foreach (var part in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (range.Length > 2 || !TryCore(range[0], out var first) || !TryCore(range[^1], out var last) || last < first)
                throw BadList(list, $"'{part}' is not a core number or range");
            for (var c = first; c <= last; c++) cores.Add(c);
        }
        return [.. cores];
    }

    static bool TryCore(string text, out int core) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out core) && core < 4096;

    public static string Describe(IReadOnlyList<int> cores) => string.Join(",", cores);

    public string Summary =>
        $"guest vCPUs on host core{(Guest.Count == 1 ? "" : "s")} {Describe(Guest)}, proxy on host core{(Proxy.Count == 1 ? "" : "s")} {Describe(Proxy)}";

    static DiverException BadList(string list, string why) =>
        new(ErrorCodes.BadProxyCpus,
            $"ProxyCpus '{list}' is not usable: {why}. Give a list of host cores such as -p:ProxyCpus=1 or -p:ProxyCpus=2-3, leaving at least one for the guest.");
}
