using Diver.Kernels;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Runs after pack on the .nupkg itself. A refused package is deleted, so a broken kernel can
/// never be pushed by accident from the output folder.
/// </summary>
public sealed class ValidateKernelPackage : DiverTask
{
    [Required] public string PackagePath { get; set; } = "";
    [Required] public string PackageId { get; set; } = "";

    protected override void Run()
    {
        try
        {
            KernelPackageValidator.Validate(PackagePath, PackageId);
        }
        catch (DiverException)
        {
            File.Delete(PackagePath);
            throw;
        }
        Log.LogMessage(MessageImportance.Normal, $"{PackagePath} is a valid Diver kernel package.");
    }
}
