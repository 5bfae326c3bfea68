using System.Text;

namespace Diver.Cli.Catalog;

/// <summary>
/// The catalog's output folder. A file is written only when its bytes change, and through a
/// temporary file renamed over it, so a refresh leaves unchanged pages (and their mtimes, and a
/// web server's caches) alone and a reader never sees half a page. Counts what it did.
/// </summary>
internal sealed class SiteFolder
{
    readonly string _root;
    readonly HashSet<string> _current = new(StringComparer.Ordinal);

    public int Written { get; private set; }
    public int Unchanged { get; private set; }
    public int Removed { get; private set; }

    public SiteFolder(string root)
    {
        _root = Path.GetFullPath(root);
        if (File.Exists(_root))
            throw Unusable($"'{root}' is a file");
        Guard(() => Directory.CreateDirectory(_root));
    }

    public string Root => _root;

    public string? ReadText(string relative)
    {
        var path = Full(relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public void Write(string relative, string content)
    {
        _current.Add(relative);
        var path = Full(relative);
        var bytes = Encoding.UTF8.GetBytes(content);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            Unchanged++;
            return;
        }
        Guard(() =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        });
        Written++;
    }

    /// <summary>A page known to be current without rendering it again (its fingerprint matched).</summary>
    public void Keep(string relative)
    {
        _current.Add(relative);
        Unchanged++;
    }

    /// <summary>Deletes the files of one folder this run did not produce: pages of kernels no feed lists any more.</summary>
    public void RemoveStale(string folder, string pattern)
    {
        var directory = Full(folder);
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, pattern))
        {
            var relative = Path.GetRelativePath(_root, file).Replace('\\', '/');
            if (_current.Contains(relative)) continue;
            Guard(() => File.Delete(file));
            Removed++;
        }
    }

    string Full(string relative) => Path.Combine(_root, relative);

    void Guard(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable($"'{_root}' cannot be written ({e.Message})");
        }
    }

    static DiverException Unusable(string why) =>
        new(ErrorCodes.CatalogOutputUnusable, $"The catalog cannot be written: {why}. Pass -o a new or existing folder you can write to.");
}
