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

    /// <summary>
    /// Splits an argument string the way a POSIX shell splits words, without expansions: blanks
    /// separate words, single quotes keep everything, double quotes keep blanks, a backslash keeps
    /// the next character. Used for item metadata such as a pipeline stage's Args.
    /// </summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else if (c == '\\' && quote == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\') word.Append(text[++i]);
                else word.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') quote = c;
                else if (c == '\\' && i + 1 < text.Length) word.Append(text[++i]);
                else word.Append(c);
            }
        }
        if (quote is not null)
            throw new FormatException($"unclosed {quote} quote");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
