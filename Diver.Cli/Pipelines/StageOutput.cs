namespace Diver.Cli.Pipelines;

/// <summary>
/// Copies a stage's output lines to the terminal, each behind "[stage] " when more than one
/// stage writes there, so interleaved lines still say whose they are. One lock keeps lines whole.
/// </summary>
internal sealed class StageOutput(bool prefix)
{
    readonly Lock gate = new();

    public void Write(TextWriter writer, string stage, string line)
    {
        lock (gate)
        {
            if (prefix) writer.Write($"[{stage}] ");
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
