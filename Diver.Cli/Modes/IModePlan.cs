using Diver.Qemu;

namespace Diver.Cli.Modes;

/// <summary>A mode's decisions for one launch, made before anything starts, so tests cover them without QEMU.</summary>
internal interface IModePlan
{
    /// <summary>Words for the kernel command line, before the app's argv (the kernel strips them).</summary>
    IEnumerable<string> KernelOptions { get; }

    /// <summary>One line for the terminal when the session starts (not when quiet).</summary>
    string Summary { get; }

    /// <summary>The QEMU command as --print-command shows it (a session's <see cref="IModeSession.Attach"/> gives the one that runs).</summary>
    QemuCommand Shape(QemuCommand command);

    /// <summary>Starts the host side for the QEMU about to run <paramref name="command"/>; the caller starts QEMU on this thread next.</summary>
    IModeSession Start(QemuCommand command);
}
