using Diver.Cli.Modes;

namespace Diver.Cli.SplitVm;

/// <summary>
/// The host side of one SplitVM run: the shared guest-RAM file, the sandbox, the proxy thread and
/// the trace. The RAM file never has a name (see <see cref="SharedRamFile"/>); Dispose stops the
/// proxy and frees it whatever happened to QEMU.
/// </summary>
internal sealed class SplitVmSession : IModeSession
{
    readonly SharedRamFile ram;
    readonly RequestHandler handler;
    readonly ForwardProxy proxy;
    readonly ForwardTrace? trace;
    bool finished;

    public string SharedFile => ram.Path;
    /// <summary>Guest RAM, which the pipeline channels of the same run also live in.</summary>
    public GuestMemory Memory => ram.Memory;

    SplitVmSession(SplitVmPlan plan, long memoryBytes)
    {
        ram = SharedRamFile.Create(memoryBytes);
        try
        {
            var sandbox = new Sandbox(plan.SandboxRoot);
            handler = new RequestHandler(ram.Memory, sandbox);
            trace = plan.TracePath is null ? null : new ForwardTrace(plan.TracePath);
            proxy = new ForwardProxy(ram.Memory, plan.Nonce, handler, trace, plan.Cpus.Proxy);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DiverException)
        {
            ram.Dispose();
            if (e is DiverException) throw;
            // e.Message is a bare resource key in this trimmed build; the check in Sandbox says why in words.
            throw new DiverException(ErrorCodes.SandboxUnusable,
                $"The SplitVM sandbox {plan.SandboxRoot} cannot be created ({(e is UnauthorizedAccessException ? "permission denied" : e.GetType().Name)}). " +
                "Point -p:SplitVMRoot at a folder you can write.");
        }
    }

    /// <summary>
    /// The command for this session's VM: guest RAM on the session's memfd, which the QEMU started
    /// next inherits. The plan's own file name is only for --print-command; a VM started without
    /// this would create that file in /dev/shm, and the proxy would never see the guest's ring.
    /// </summary>
    public Qemu.QemuCommand Attach(Qemu.QemuCommand command)
    {
        ram.InheritByQemu();
        return command.WithSharedMemory(SharedFile);
    }

    /// <summary>
    /// Starts the proxy and pins the calling thread to the guest's cores, so the QEMU it starts
    /// next (and every vCPU thread QEMU creates) inherits them.
    /// </summary>
    public static SplitVmSession Start(SplitVmPlan plan, long memoryBytes)
    {
        var session = new SplitVmSession(plan, memoryBytes);
        session.proxy.Start();
        HostCpus.PinCurrentThread(plan.Cpus.Guest);
        return session;
    }

    /// <summary>Stops serving and reports: the trace (if asked for) and any ABI problem.</summary>
    public void Finish(TextWriter report)
    {
        if (finished) return;
        finished = true;
        proxy.Dispose();
        if (proxy.Problem is { } problem)
            report.WriteLine($"diver: SplitVM: no calls were forwarded: {problem}.");
        trace?.Finish(report);
    }

    public void Dispose()
    {
        Finish(TextWriter.Null);
        handler.Dispose();
        ram.Dispose();
    }
}
