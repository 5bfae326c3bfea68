using Diver.Kernels;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Writes the copy of the kernel project that goes into the package's src/: a standalone project
/// on Diver.Sdk/&lt;this SDK's version&gt;, so `dotnet diver fork` hands out a project that builds
/// anywhere, even when the original imports Diver.Sdk from this repository's sources.
/// </summary>
public sealed class WriteKernelSourceProject : DiverTask
{
    [Required] public string SourceFile { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string SdkVersion { get; set; } = "";

    protected override void Run()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        File.WriteAllText(OutputFile, KernelProjectFile.MakeStandalone(File.ReadAllText(SourceFile), SdkVersion));
    }
}
