namespace Diver.Manifest;

/// <summary>
/// The contents of <c>diver/kernel.json</c>, the one file that makes a NuGet package a Diver
/// kernel. It is data only: the SDK reads it to compile and link an app, never runs code from
/// the package. docs/kernel-manifest.md documents every field.
/// Properties are settable rather than init-only because System.Text.Json's source generator
/// sets every init-only property at construction, replacing the defaults of absent fields with null.
/// </summary>
public sealed record KernelManifest
{
    public const string RelativePath = "diver/kernel.json";
    public const int CurrentSchemaVersion = 1;
    /// <summary>The NuGet package type every kernel package declares.</summary>
    public const string PackageType = "DiverKernel";

    public int SchemaVersion { get; set; }
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Arch { get; set; } = "";
    public IReadOnlyList<string> BootProtocols { get; set; } = [];
    public IReadOnlyList<string> DeployModes { get; set; } = [];
    public string DefaultConfig { get; set; } = "";
    public IReadOnlyDictionary<string, KernelConfig> Configs { get; set; } = new Dictionary<string, KernelConfig>();
    public CompileSpec Compile { get; set; } = new();
    public LinkSpec Link { get; set; } = new();
    public EntrySpec Entry { get; set; } = new();
    public ExitSpec Exit { get; set; } = new();
    public MachineSpec Machine { get; set; } = new();
    /// <summary>Whether the kernel speaks Diver's channel ABI, so it can stream as a pipeline stage.</summary>
    public bool Channels { get; set; }

    /// <summary>The config to build with: the requested one, or the manifest's default.</summary>
    public KeyValuePair<string, KernelConfig> SelectConfig(string? requested)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? DefaultConfig : requested;
        if (Configs.TryGetValue(name, out var config))
            return new(name, config);
        throw new DiverException(ErrorCodes.UnknownKernelConfig,
            $"Kernel {Id} has no config '{name}'. Available configs: {string.Join(", ", Configs.Keys)}. " +
            "Set KernelConfig to one of them, or leave it empty for the default.");
    }
}

public sealed record KernelConfig
{
    public string Archive { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>
    /// Flags the kernel's own sources get in this config only (its optimization level, debug
    /// defines), after <see cref="CompileSpec.KernelFlags"/>. Apps never see them.
    /// </summary>
    public IReadOnlyList<string> KernelFlags { get; set; } = [];
}

public sealed record CompileSpec
{
    public string Target { get; set; } = "";
    public IReadOnlyList<string> IncludeDirs { get; set; } = [];
    /// <summary>Flags every source gets: the apps' and the kernel's own.</summary>
    public IReadOnlyList<string> Flags { get; set; } = [];
    /// <summary>
    /// Flags only the kernel's own sources get, after <see cref="Flags"/>: the kernel project's
    /// warnings, language level, and what kernel code must avoid that apps may use (red zone, SSE).
    /// </summary>
    public IReadOnlyList<string> KernelFlags { get; set; } = [];

    /// <summary>What the kernel project compiles its own sources with in <paramref name="config"/>.</summary>
    public IEnumerable<string> KernelSourceFlags(KernelConfig config) => [.. Flags, .. KernelFlags, .. config.KernelFlags];
}

public sealed record LinkSpec
{
    public string Script { get; set; } = "";
    public IReadOnlyList<string> Flags { get; set; } = [];
    /// <summary>Archives the kernel links beside its own (package-relative), such as the libc it carries.</summary>
    public IReadOnlyList<string> Libraries { get; set; } = [];
    public string? EntrySymbol { get; set; }
}

public sealed record EntrySpec
{
    public string Function { get; set; } = "main";
    public string Signature { get; set; } = "int main(int argc, char **argv)";
}

/// <summary>How the guest reports its exit code to the host (see docs/kernel-contract.md).</summary>
public sealed record ExitSpec
{
    public string Device { get; set; } = "isa-debug-exit";
    public string IoBase { get; set; } = "0xf4";
    public int IoSize { get; set; } = 4;
    public int PanicCode { get; set; } = 127;
}

public sealed record MachineSpec
{
    public string QemuMachine { get; set; } = "microvm";
    public int DefaultCpus { get; set; } = 1;
    public string DefaultMemory { get; set; } = "128M";
    public string? MinMemory { get; set; }
}
