using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Diver;

/// <summary>
/// Reading and writing the JSON files a build leaves for the launcher (a net's or a pipeline's
/// description): a missing or unreadable one is always the same advice, build again.
/// </summary>
public static class BuildOutputFile
{
    /// <param name="what">What the file describes, for messages: "net", "pipeline".</param>
    /// <param name="project">The kind of project that writes it, for messages: "the project", "the pipeline project".</param>
    public static T Load<T>(string path, JsonTypeInfo<T> type, string what, string project) =>
        Load(path, stream => JsonSerializer.Deserialize(stream, type), what, project);

    /// <param name="read">Reads the file's JSON; throws <see cref="JsonException"/> when it is malformed.</param>
    public static T Load<T>(string path, Func<Stream, T?> read, string what, string project)
    {
        if (!File.Exists(path))
            throw new DiverException(ErrorCodes.NetMissing,
                $"No {what} at {path}. Build {project} first with 'dotnet build'.");
        try
        {
            using var stream = File.OpenRead(path);
            return read(stream) ?? throw new JsonException("empty file");
        }
        catch (JsonException e)
        {
            throw new DiverException(ErrorCodes.NetMissing,
                $"The {what} description {path} is unreadable ({e.Message}). Rebuild {project} with 'dotnet build'.");
        }
    }

    public static void Save<T>(string path, T value, JsonTypeInfo<T> type)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, value, type);
    }
}
