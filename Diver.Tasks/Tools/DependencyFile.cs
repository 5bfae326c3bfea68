namespace Diver.Tasks.Tools;

/// <summary>
/// Reads the make-style dependency file clang writes with -MD ("obj.o: a.c b.h \" ...), which
/// lists every header a source included, so touching a header rebuilds exactly the sources that use it.
/// </summary>
public static class DependencyFile
{
    public static IReadOnlyList<string> Read(string path)
    {
        var text = File.ReadAllText(path).Replace("\\\r\n", " ").Replace("\\\n", " ");
        var colon = FindTargetSeparator(text);
        if (colon < 0) return [];
        var deps = new List<string>();
        var current = new System.Text.StringBuilder();
        var body = text[(colon + 1)..];
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && i + 1 < body.Length && body[i + 1] == ' ')
            {
                current.Append(' ');
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }
        Flush();
        return deps;

        void Flush()
        {
            if (current.Length > 0) deps.Add(current.ToString());
            current.Clear();
        }
    }

    // The first ": " (or ':' at the end of the target) ends the target name; Windows drive letters do not occur here.
    static int FindTargetSeparator(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (text[i] == ':' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
                return i;
        return -1;
    }
}
