namespace Diver.Cli.SplitVm;

/// <summary>
/// The folder forwarded file calls are confined to. The guest sees it as "/": a leading slash is
/// dropped (so absolute paths name files inside it), ".." may not climb above it, and a path whose
/// real location (symlinks resolved) is outside it is refused with EACCES.
/// </summary>
internal sealed class Sandbox
{
    /// <summary>The folder's real path, no trailing slash.</summary>
    public string Root { get; }

    public Sandbox(string root)
    {
        CheckWritable(root);
        Directory.CreateDirectory(root);
        Root = Libc.RealPath(root, out _) ?? Path.GetFullPath(root);
    }

    /// <summary>
    /// Refuses, before QEMU starts, a sandbox the guest could not write to: the folder itself, or
    /// (when it is still to be created) its nearest existing parent must be writable. Otherwise
    /// the guest would only see EROFS/EACCES on every file it creates, with no word to the user.
    /// </summary>
    static void CheckWritable(string root)
    {
        var existing = Path.GetFullPath(root);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        var errno = Libc.WritableFolderErrno(existing);
        if (errno == 0) return;
        var where = existing == Path.GetFullPath(root) ? $"{root} is not writable" : $"{root} cannot be created: {existing} is not writable";
        throw new DiverException(ErrorCodes.SandboxUnusable,
            $"The SplitVM sandbox {where} ({Libc.Describe(errno)}). Point -p:SplitVMRoot at a folder you can write.");
    }

    /// <summary>The host path for a guest path, or a positive errno.</summary>
    public (string? HostPath, int Errno) Resolve(string guestPath)
    {
        if (guestPath.Length == 0)
            return (null, Errno.ENOENT);
        if (guestPath.Contains('\0'))
            return (null, Errno.EINVAL);
        var parts = new List<string>();
        foreach (var part in guestPath.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return (null, Errno.EACCES);   // climbing out of the root
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        var host = parts.Count == 0 ? Root : Root + "/" + string.Join('/', parts);
        var errno = CheckInside(host);
        return errno == 0 ? (host, 0) : (null, errno);
    }

    /// <summary>
    /// Follows symlinks as the host would: the path itself if it exists, else its parent (the name
    /// is about to be created). A dangling symlink is refused, since creating through it would
    /// write wherever it points.
    /// </summary>
    int CheckInside(string host)
    {
        var real = Libc.RealPath(host, out var errno);
        if (real is not null)
            return IsInside(real) ? 0 : Errno.EACCES;
        if (errno != Errno.ENOENT)
            return errno;
        if ((Libc.LinkMode(host) & Libc.S_IFMT) == Libc.S_IFLNK)
            return Errno.EACCES;
        var parent = Libc.RealPath(Path.GetDirectoryName(host)!, out errno);
        if (parent is null)
            return errno;
        return IsInside(parent) ? 0 : Errno.EACCES;
    }

    bool IsInside(string real) =>
        real == Root || (real.StartsWith(Root, StringComparison.Ordinal) && real.Length > Root.Length && real[Root.Length] == '/');
}
