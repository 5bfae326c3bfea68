using System.Text.Json.Serialization;
using Diver.Manifest;
using Diver.Nets;
using Diver.Pipelines;

namespace Diver;

/// <summary>Source-generated JSON for every file Diver reads or writes, so the launcher can be NativeAOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KernelManifest))]
[JsonSerializable(typeof(NetDescription))]
[JsonSerializable(typeof(PipelineDescription))]
public sealed partial class DiverJsonContext : JsonSerializerContext;
