using System.Text;

namespace Diver.Cli.Test;

/// <summary>
/// `dotnet test --filter` as VSTest reads it: conditions "Property=value", "!=", "~" (contains),
/// "!~", joined with "&amp;" (binds tighter) and "|", grouped with parentheses, "\" escaping the
/// next character; a bare value means FullyQualifiedName~value. Comparisons ignore case, as in
/// VSTest. Properties: FullyQualifiedName, Name, ClassName (the source file's name).
/// </summary>
internal sealed class TestFilter
{
    public static readonly string[] Properties = ["FullyQualifiedName", "Name", "ClassName"];

    readonly Func<TestCase, bool> matches;

    TestFilter(Func<TestCase, bool> matches) => this.matches = matches;

    public bool Matches(TestCase test) => matches(test);

    public static TestFilter? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var position = 0;
        var filter = ParseOr(text, ref position);
        if (position != text.Length)
            throw Bad(text, $"unexpected '{text[position]}' at position {position + 1}");
        return new TestFilter(filter);
    }

    static Func<TestCase, bool> ParseOr(string text, ref int position)
    {
        var left = ParseAnd(text, ref position);
        while (position < text.Length && text[position] == '|')
        {
            position++;
            var (a, b) = (left, ParseAnd(text, ref position));
            left = t => a(t) || b(t);
        }
        return left;
    }

    static Func<TestCase, bool> ParseAnd(string text, ref int position)
    {
        var left = ParsePrimary(text, ref position);
        while (position < text.Length && text[position] == '&')
        {
            position++;
            var (a, b) = (left, ParsePrimary(text, ref position));
            left = t => a(t) && b(t);
        }
        return left;
    }

    static Func<TestCase, bool> ParsePrimary(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ') position++;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var inner = ParseOr(text, ref position);
            if (position >= text.Length || text[position] != ')')
                throw Bad(text, "a '(' is not closed");
            position++;
            return inner;
        }
        return ParseCondition(text, ref position);
    }

    static Func<TestCase, bool> ParseCondition(string text, ref int position)
    {
        // Read up to an unescaped '&', '|' or ')', keeping where the operator starts.
        var raw = new StringBuilder();
        int? operatorAt = null;
        var op = "";
        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '\\' && position + 1 < text.Length)
            {
                raw.Append(text[++position]);
                continue;
            }
            if (c is '&' or '|' or ')') break;
            if (operatorAt is null && c is '=' or '~')
            {
                var negated = raw.Length > 0 && raw[^1] == '!';
                operatorAt = negated ? raw.Length - 1 : raw.Length;
                op = negated ? "!" + c : c.ToString();
                if (negated) raw.Length--;
                continue;
            }
            raw.Append(c);
        }
        var condition = raw.ToString();
        if (operatorAt is null)
        {
            if (condition.Trim().Length == 0)
                throw Bad(text, "a condition is empty");
            return Compare("FullyQualifiedName", "~", condition.Trim());
        }
        var property = condition[..operatorAt.Value].Trim();
        var value = condition[operatorAt.Value..].Trim();
        if (!Properties.Contains(property, StringComparer.OrdinalIgnoreCase))
            throw Bad(text, $"'{property}' is not a property Diver tests have (use {string.Join(", ", Properties)})");
        return Compare(property, op, value);
    }

    static Func<TestCase, bool> Compare(string property, string op, string value)
    {
        Func<TestCase, string> get = property.ToLowerInvariant() switch
        {
            "name" => t => t.Name,
            "classname" => t => t.ClassName,
            _ => t => t.FullyQualifiedName,
        };
        return op switch
        {
            "=" => t => string.Equals(get(t), value, StringComparison.OrdinalIgnoreCase),
            "!=" => t => !string.Equals(get(t), value, StringComparison.OrdinalIgnoreCase),
            "~" => t => get(t).Contains(value, StringComparison.OrdinalIgnoreCase),
            _ => t => !get(t).Contains(value, StringComparison.OrdinalIgnoreCase),
        };
    }

    static DiverException Bad(string text, string why) =>
        new(ErrorCodes.BadTestFilter,
            $"The test filter '{text}' cannot be read: {why}. Write it as dotnet test does, e.g. --filter \"Name~parse|ClassName=math_tests\".");
}
