namespace Diver.Qemu;

/// <summary>
/// Finds the QEMU executable: an explicit path (--qemu), else <c>DIVER_QEMU</c>, else
/// qemu-system-x86_64 on PATH. Resolving it up front turns a missing QEMU into one clear
/// error instead of a failed process start.
/// </summary>
public static class QemuLocator
{
    public const string EnvironmentVariable = "DIVER_QEMU";
    public const string DefaultName = "qemu-system-x86_64";

    public static string Find(string? explicitPath, string? environmentValue, string? pathVariable)
    {
        var (requested, origin) = !string.IsNullOrWhiteSpace(explicitPath) ? (explicitPath, "--qemu")
            : !string.IsNullOrWhiteSpace(environmentValue) ? (environmentValue, EnvironmentVariable)
            : (DefaultName, "PATH");
        var found = Resolve(requested, pathVariable);
        if (found is not null)
            return found;
        var where = origin == "PATH" ? $"({DefaultName} is not on PATH)" : $"at '{requested}' (from {origin})";
        throw new DiverException(ErrorCodes.QemuMissing,
            $"QEMU was not found {where}. Install it: sudo apt-get install qemu-system-x86 " +
            $"(or point {EnvironmentVariable} at it).");
    }

    static string? Resolve(string name, string? pathVariable)
    {
        if (name.Contains('/'))
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        foreach (var dir in (pathVariable ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
