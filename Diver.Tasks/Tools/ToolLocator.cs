namespace Diver.Tasks.Tools;

/// <summary>
/// Finds an external tool: an explicit path wins, then the plain name on PATH, then the
/// versioned names Debian and Ubuntu install (clang-18, ld.lld-17, ...). Missing tools become a
/// DiverException that says how to install them.
/// </summary>
public static class ToolLocator
{
    public static string Find(string? explicitPath, string name, string code, string installHint)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            if (File.Exists(explicitPath)) return explicitPath;
            var onPath = SearchPath(explicitPath);
            if (onPath is not null) return onPath;
            throw new DiverException(code, $"{explicitPath} was not found. {installHint}");
        }
        foreach (var candidate in Candidates(name))
        {
            var found = SearchPath(candidate);
            if (found is not null) return found;
        }
        throw new DiverException(code, $"{name} was not found on PATH. {installHint}");
    }

    static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        for (var version = 21; version >= 14; version--)
            yield return $"{name}-{version}";
    }

    static string? SearchPath(string name)
    {
        if (name.Contains('/'))
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(dir, name);
            if (File.Exists(full)) return full;
        }
        return null;
    }
}
