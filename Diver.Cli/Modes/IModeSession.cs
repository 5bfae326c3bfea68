using Diver.Cli.SplitVm;
using Diver.Qemu;

namespace Diver.Cli.Modes;

/// <summary>The host side of one launch in a mode; Dispose frees it whatever happened to QEMU.</summary>
internal interface IModeSession : IDisposable
{
    /// <summary>Guest RAM when the mode shares it with the host (channels then live in it too), else null.</summary>
    GuestMemory? Memory { get; }

    /// <summary>The command that runs: the plan's shape, bound to what this session holds (e.g. its memfd).</summary>
    QemuCommand Attach(QemuCommand command);

    /// <summary>After QEMU exited: stop serving and report what the mode has to say.</summary>
    void Finish(TextWriter report);
}
