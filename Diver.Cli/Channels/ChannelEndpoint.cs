using Microsoft.Win32.SafeHandles;

namespace Diver.Cli.Channels;

/// <summary>
/// The host side of a channel as `run --channel-in/--channel-out` names it: a descriptor number
/// the launcher inherited (what the pipeline runner passes: a pipe end), "-" for stdin, or a file.
/// An inherited descriptor is made close-on-exec at once, so QEMU, started next, does not hold a
/// pipe end open and keep the stage's reader from ever seeing end of stream.
/// </summary>
internal static class ChannelEndpoint
{
    public static Stream OpenInput(string spec) => Open(spec, input: true);
    public static Stream OpenOutput(string spec) => Open(spec, input: false);

    static Stream Open(string spec, bool input)
    {
        var option = input ? "--channel-in" : "--channel-out";
        try
        {
            if (input && spec == "-")
                return Console.OpenStandardInput(1 << 20);
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
                $"Give {option} a file you can {(input ? "read" : "write")}, an open descriptor number{(input ? ", or - for stdin" : "")}.");
        }
    }
}
