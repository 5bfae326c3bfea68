namespace Diver.Text;

/// <summary>
/// Formats a command line so it can be pasted into a POSIX shell: plain words stay as they are,
/// anything else is single-quoted. Used wherever Diver shows a command it runs (build logs,
/// 'dotnet diver run --print-command').
/// </summary>
public static class ShellQuote
{
    public static string Join(string program, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { program }.Concat(arguments).Select(Quote));

    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@%".Contains(c))
            ? word
            : $"'{word.Replace("'", "'\\''")}'";
}
