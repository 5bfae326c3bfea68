using System.Text.Json;

namespace Diver.Nets;

/// <summary>
/// Reads a <c>.net.json</c> without the JSON serializer. Every <c>dotnet run</c> starts the
/// launcher and reads one net, and the serializer's first use (its options, a converter and
/// property metadata per type, attribute lookups through reflection) was about 1.7 ms of the
/// launcher's ~11 ms of CPU before QEMU starts (perf, build/bench/supervision.sh). A document
/// walk reads the same file in a few microseconds. The build still writes the file with the
/// serializer (<see cref="NetDescription.Save"/>), so this reader follows its shape: camelCase
/// names matched exactly, unknown names ignored, a missing name keeps its default, a value of the
/// wrong kind is a <see cref="JsonException"/>. NetDescriptionReaderTests round-trips every property.
/// </summary>
public static class NetDescriptionReader
{
    static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static NetDescription Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, Options);
        try
        {
            return Net(Object(document.RootElement));
        }
        catch (InvalidOperationException e)
        {
            // JsonElement's getters throw this for a value of another kind (a string for a number, ...).
            throw new JsonException(e.Message, e);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    static NetDescription Net(JsonElement json) => Fill(json, new NetDescription(), static (net, name, value) =>
    {
        switch (name)
        {
            case "schemaVersion": net.SchemaVersion = value.GetInt32(); break;
            case "name": net.Name = String(value); break;
            case "image": net.Image = String(value); break;
            case "sha256": net.Sha256 = String(value); break;
            case "stagedImageXxHash128": net.StagedImageXxHash128 = value.GetString(); break;
            case "imageSize": net.ImageSize = value.GetInt64(); break;
            case "arch": net.Arch = String(value); break;
            case "kernel": net.Kernel = Kernel(Object(value)); break;
            case "deployModes": net.DeployModes = Strings(value); break;
            case "machine": net.Machine = Machine(Object(value)); break;
            case "exit": net.Exit = Exit(Object(value)); break;
            case "channels": net.Channels = value.GetBoolean(); break;
            case "builtAt": net.BuiltAt = value.GetDateTimeOffset(); break;
        }
    });

    static NetKernel Kernel(JsonElement json) => Fill(json, new NetKernel(), static (kernel, name, value) =>
    {
        switch (name)
        {
            case "id": kernel.Id = String(value); break;
            case "version": kernel.Version = String(value); break;
            case "config": kernel.Config = String(value); break;
        }
    });

    static NetMachine Machine(JsonElement json) => Fill(json, new NetMachine(), static (machine, name, value) =>
    {
        switch (name)
        {
            case "qemuMachine": machine.QemuMachine = String(value); break;
            case "cpus": machine.Cpus = value.GetInt32(); break;
            case "memory": machine.Memory = String(value); break;
            case "minMemory": machine.MinMemory = value.GetString(); break;
        }
    });

    static Manifest.ExitSpec Exit(JsonElement json) => Fill(json, new Manifest.ExitSpec(), static (exit, name, value) =>
    {
        switch (name)
        {
            case "device": exit.Device = String(value); break;
            case "ioBase": exit.IoBase = String(value); break;
            case "ioSize": exit.IoSize = value.GetInt32(); break;
            case "panicCode": exit.PanicCode = value.GetInt32(); break;
        }
    });

    /// <summary>Sets <paramref name="target"/>'s properties from an object's members; names <paramref name="set"/> does not know are skipped.</summary>
    static T Fill<T>(JsonElement json, T target, Action<T, string, JsonElement> set)
    {
        foreach (var property in json.EnumerateObject())
            set(target, property.Name, property.Value);
        return target;
    }

    static JsonElement Object(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object ? value : throw new JsonException($"expected an object, found {value.ValueKind}");

    /// <summary>The serializer turns a JSON null into null even for a non-nullable string; a net from a build never has one.</summary>
    static string String(JsonElement value) =>
        value.GetString() ?? throw new JsonException("expected a string, found null");

    static List<string> Strings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw new JsonException($"expected an array, found {value.ValueKind}");
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
            list.Add(String(item));
        return list;
    }
}
