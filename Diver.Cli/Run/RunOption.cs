using System.Collections.Immutable;

namespace Diver.Cli.Run;

/// <summary>How a `run` option takes its value.</summary>
internal enum RunOptionKind
{
    /// <summary>Present or absent, no value ("--quiet").</summary>
    Flag,
    /// <summary>"--opt value" or "--opt=value"; an empty value means the default.</summary>
    Value,
    /// <summary>A value of true or false (1/0, yes/no), kept as "true" or "false".</summary>
    Switch,
}

/// <summary>
/// One `run` option, declared once: <see cref="RunOptionsParser"/> parses from these declarations,
/// `run --help` prints them, and a test checks the SDK forwards <see cref="MsBuildProperty"/> to
/// <see cref="Name"/>. A deploy mode declares its own (see Modes/IDeployMode.cs).
/// </summary>
internal sealed record RunOption(string Name, RunOptionKind Kind, string Help)
{
    /// <summary>Other spellings; the first is shown in help ("-q, --quiet").</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];
    /// <summary>The value's placeholder in help, e.g. "&lt;DIR&gt;".</summary>
    public string? ValueName { get; init; }
    /// <summary>The project property the SDK's run targets pass as this option, if any.</summary>
    public string? MsBuildProperty { get; init; }
    /// <summary>What applies when the option is not given, as help words it ("default 10ms").</summary>
    public string? Default { get; init; }
    /// <summary>Passed by Diver's own targets (debugging, verbosity) rather than typed: left out of help.</summary>
    public bool Hidden { get; init; }
    /// <summary>
    /// Sets the checked value on the options. Null keeps the value under <see cref="Name"/> in
    /// <see cref="RunOptions.ModeValues"/>, where the mode that declared it reads it back.
    /// </summary>
    public Func<RunOptions, string, RunOptions>? Apply { get; init; }

    public bool Answers(string name) => name == Name || Aliases.Contains(name);

    public RunOptions ApplyTo(RunOptions options, string value)
    {
        var checkedValue = Kind == RunOptionKind.Switch ? ParseSwitch(value) : value;
        return Apply is null
            ? options with { ModeValues = options.ModeValues.SetItem(Name, checkedValue) }
            : Apply(options, checkedValue);
    }

    /// <summary>The value a mode's own option was given, or null.</summary>
    public string? ValueIn(RunOptions options) => options.ModeValues.GetValueOrDefault(Name);

    /// <summary>Whether a switch was given as true.</summary>
    public bool IsOnIn(RunOptions options) => ValueIn(options) == "true";

    /// <summary>The help line, in the dotnet CLI's layout: usage padded to a column, then the sentence.</summary>
    public string HelpLine
    {
        get
        {
            var usage = Aliases.Length > 0 ? $"{Aliases[0]}, {Name}"
                : Kind == RunOptionKind.Flag ? $"    {Name}"
                : $"{Name} {ValueName}";
            var sentence = Default is null ? $"{Help}." : $"{Help} ({Default}).";
            // Usages too long for the column line their sentences up in a second, wider one.
            return usage.Length <= UsageColumn ? $"  {usage.PadRight(UsageColumn)} {sentence}" : $"  {usage.PadRight(WideUsageColumn)}  {sentence}";
        }
    }

    const int UsageColumn = 22;
    const int WideUsageColumn = 24;

    string ParseSwitch(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => "true",
        "false" or "0" or "no" => "false",
        _ => throw new DiverException(ErrorCodes.BadCommandLine, $"Option '{Name}' takes true or false, not '{value}'."),
    };
}
