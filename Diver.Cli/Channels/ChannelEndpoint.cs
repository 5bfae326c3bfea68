using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Channels;

/// <summary>
/// The host side of a channel as `run --channel-in/--channel-out` names it: a descriptor number
/// the launcher inherited (what the pipeline runner passes: a pipe end), "-" for stdin or stdout, or a file.
/// An inherited descriptor is made close-on-exec at once, so QEMU, started next, does not hold a
/// pipe end open and keep the stage's reader from ever seeing end of stream.
/// </summary>
internal static class ChannelEndpoint
{
    public static Stream OpenInput(string spec) => Open(spec, input: true);
    public static Stream OpenOutput(string spec) => Open(spec, input: false);

    /// <summary>`ring:FD`: a Unix socket to the launcher of the stage at the other end of a direct edge (<see cref="RingLink"/>).</summary>
    const string LinkPrefix = "ring:";

    public static bool IsLink(string spec) => spec.StartsWith(LinkPrefix, StringComparison.Ordinal);

    public static string LinkSpec(int fd) => LinkPrefix + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static RingLink OpenLink(string spec, bool input)
    {
        var option = input ? "--channel-in" : "--channel-out";
        if (!int.TryParse(spec.AsSpan(LinkPrefix.Length), out var fd) || fd < 0 || !RingLink.IsSocket(fd) || !Run.Descriptors.SetInherited(fd, false))
            throw new DiverException(ErrorCodes.ChannelEndpointUnusable,
                $"{option} {spec} does not name an open socket. Give ring: the number of a Unix socket joined to the other stage's launcher (the pipeline runner makes one), or give a descriptor or a file without ring:.");
        return new RingLink(new SafeFileHandle(fd, ownsHandle: true));
    }

    static Stream Open(string spec, bool input)
    {
        var option = input ? "--channel-in" : "--channel-out";
        try
        {
            if (input && spec == "-")
                return Console.OpenStandardInput(1 << 20);
            if (spec == "-")
            {
                // stdout is the channel's, as a filter's is: the console (the guest's stderr, the kernel's lines,
                // QEMU's and the launcher's own messages) goes to stderr instead, so the data arrives unmixed.
                Console.Out.Flush();
                return new FileStream(new SafeFileHandle(Run.Descriptors.TakeStandardOutput(), ownsHandle: true), FileAccess.Write, 0);
            }
            if (int.TryParse(spec, out var fd) && fd >= 0)
            {
                if (!Run.Descriptors.SetInherited(fd, false))
                    throw new IOException($"descriptor {fd} is not open");
                return new FileStream(new SafeFileHandle(fd, ownsHandle: true), input ? FileAccess.Read : FileAccess.Write, 0);
            }
            return input
                ? new FileStream(spec, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0)
                : new FileStream(spec, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiverException(ErrorCodes.ChannelEndpointUnusable,
                $"{option} {spec} cannot be opened ({(e is UnauthorizedAccessException ? "permission denied" : e.Message)}). " +
                $"Give {option} a file you can {(input ? "read" : "write")}, an open descriptor number, or - for {(input ? "stdin" : "stdout")}.");
        }
    }
}
