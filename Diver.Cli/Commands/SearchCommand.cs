#if DIVER_FEEDS
using System.Text.Json;
using Diver.Cli.Feeds;
using Diver.Kernels;
#endif

namespace Diver.Cli.Commands;

/// <summary>
/// `dotnet diver search [terms] [--tag T]... [--mode M] [--arch A] [--source S] [--format table|json]`:
/// kernels only, in every configured feed (or --source), shaped like `dotnet package search`.
/// Feeds match the terms (id, description, tags); tags, mode and arch are then filtered here,
/// because folder feeds do not understand a tags: query.
/// </summary>
internal static class SearchCommand
{
    static readonly string[] Options = ["--tag", "--mode", "--arch", "--source", "--format"];

    public static int Execute(IReadOnlyList<string> args)
    {
        var parsed = CommandArguments.Parse("search", args, Options);
        if (parsed.ShowHelp)
        {
            WriteHelp(Console.Out);
            return 0;
        }
#if DIVER_FEEDS
        var json = parsed.Json("search");
        var sources = FeedSources.Resolve(parsed.One("--source"), Directory.GetCurrentDirectory());
        var wanted = parsed.All("--tag").ToList();
        if (parsed.One("--mode") is { } mode) wanted.Add(KernelTags.ForMode(mode));
        if (parsed.One("--arch") is { } arch) wanted.Add(arch);
        var results = KernelFeed.SearchAll(sources, string.Join(' ', parsed.Positional), CancellationToken.None)
            .Select(r => r with { Kernels = r.Kernels.Where(k => wanted.All(t => KernelTags.Has(k.Tags, t))).ToList() })
            .ToList();
        // An explicit --source that cannot be read is an error; among configured feeds one that fails
        // is a reported problem, and all of them failing is an error again.
        if (parsed.One("--source") is not null && results[0].Problem is { } problem)
            throw new DiverException(ErrorCodes.FeedNotFound, problem + ". Check the URL or folder given to --source.");
        KernelFeed.RequireOneReadable(results);
        if (json) WriteJson(Console.Out, results);
        else WriteTable(Console.Out, results);
        return 0;
#else
        return FeedCommands.Unavailable("search");
#endif
    }

#if DIVER_FEEDS
    static void WriteTable(TextWriter w, IReadOnlyList<SourceSearchResult> results)
    {
        foreach (var result in results)
        {
            w.WriteLine("****************************************");
            w.WriteLine($"Source: {result.SourceName} ({result.Source})");
            if (result.Problem is not null)
            {
                w.WriteLine($"warning: {result.Problem}");
                continue;
            }
            foreach (var warning in result.Warnings)
                w.WriteLine($"warning {ErrorCodes.UnreadablePackage}: {warning}.");
            if (result.Kernels.Count == 0)
            {
                w.WriteLine("No kernels found.");
                continue;
            }
            TableWriter.Write(w, ["Package ID", "Latest Version", "Modes", "Arch", "Tags"],
                result.Kernels.Select(k => (IReadOnlyList<string>)[k.Id, k.LatestVersion, string.Join(',', k.Modes), k.Arch, string.Join(' ', k.Tags)]).ToList());
        }
    }

    /// <summary>dotnet package search's JSON shape (version 2, problems, searchResult per source), written by hand: no reflection.</summary>
    static void WriteJson(TextWriter w, IReadOnlyList<SourceSearchResult> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 2);
            json.WriteStartArray("problems");
            foreach (var r in results.Where(r => r.Problem is not null))
            {
                json.WriteStartObject();
                json.WriteString("source", r.Source);
                json.WriteString("text", r.Problem);
                json.WriteString("problemType", "Error");
                json.WriteEndObject();
            }
            foreach (var r in results)
                foreach (var warning in r.Warnings)
                {
                    json.WriteStartObject();
                    json.WriteString("source", r.Source);
                    json.WriteString("text", $"{ErrorCodes.UnreadablePackage}: {warning}.");
                    json.WriteString("problemType", "Warning");
                    json.WriteEndObject();
                }
            json.WriteEndArray();
            json.WriteStartArray("searchResult");
            foreach (var r in results.Where(r => r.Problem is null))
            {
                json.WriteStartObject();
                json.WriteString("sourceName", r.SourceName);
                json.WriteStartArray("packages");
                foreach (var k in r.Kernels)
                {
                    json.WriteStartObject();
                    json.WriteString("id", k.Id);
                    json.WriteString("latestVersion", k.LatestVersion);
                    json.WriteString("description", k.Description);
                    json.WriteString("arch", k.Arch);
                    WriteStrings(json, "deployModes", k.Modes);
                    WriteStrings(json, "tags", k.Tags);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }
#endif

    static void WriteHelp(TextWriter w)
    {
        w.WriteLine("Usage: dotnet diver search [<terms>...] [options]");
        w.WriteLine();
        w.WriteLine("Finds kernel packages (tag diver-kernel) in every feed nuget.config lists, or in --source.");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  --tag <TAG>            Only kernels with this tag (repeatable: all must match).");
        w.WriteLine("  --mode <MODE>          Only kernels supporting this deploy mode (tag mode-<MODE>).");
        w.WriteLine("  --arch <ARCH>          Only kernels for this architecture (e.g. x86_64).");
        w.WriteLine("  --source <SOURCE>      A source name from nuget.config, a folder feed or a V3 index URL.");
        w.WriteLine("  --format <table|json>  Output format (default table), as dotnet package search.");
    }
}
