using System.Text;

namespace Diver.Qemu;

/// <summary>
/// Turns argv into the guest kernel command line. The kernel splits on blanks and honours
/// double quotes and backslash escapes (docs/kernel-contract.md), so any argument survives.
/// </summary>
public static class KernelCommandLine
{
    public static string Format(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    static string Quote(string arg)
    {
        if (arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\'))
            return arg;
        var quoted = new StringBuilder("\"");
        foreach (var c in arg)
        {
            if (c is '"' or '\\') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
