using System.Text.RegularExpressions;

namespace Diver.Kernels;

/// <summary>
/// Text edits of a kernel project file (.diverproj), shared by pack (which writes the copy in the
/// package's src/) and `dotnet diver fork` (which renames it). Edits are textual so the author's
/// comments and layout survive, which matters for a file the forker will read and change.
/// </summary>
public static partial class KernelProjectFile
{
    /// <summary>The marker of Diver's own in-repository kernels, which import Diver.Sdk from source.</summary>
    public const string FromSourceMarker = "DiverSdkFromSource";

    /// <summary>
    /// The project as a standalone one: imports of Diver.Sdk from this repository's sources become
    /// <c>Sdk="Diver.Sdk/version"</c>, and an existing Diver.Sdk version is set to <paramref name="sdkVersion"/>.
    /// </summary>
    public static string MakeStandalone(string text, string sdkVersion)
    {
        if (text.Contains(FromSourceMarker, StringComparison.Ordinal))
        {
            text = FromSourceImport().Replace(text, "");
            text = ProjectOpening().Replace(text, $"<Project Sdk=\"Diver.Sdk/{sdkVersion}\">", 1);
        }
        return SdkAttribute().Replace(text, $"Sdk=\"Diver.Sdk/{sdkVersion}\"");
    }

    /// <summary>Sets the project's PackageId (adding one when the file has none).</summary>
    public static string WithPackageId(string text, string id)
    {
        if (PackageId().IsMatch(text))
            return PackageId().Replace(text, $"<PackageId>{id}</PackageId>", 1);
        return ProjectOpeningAny().Replace(text, m => $"{m.Value}\n  <PropertyGroup>\n    <PackageId>{id}</PackageId>\n  </PropertyGroup>", 1);
    }

    [GeneratedRegex(@"[ \t]*<!--[^\n]*" + FromSourceMarker + @"[^\n]*-->[ \t]*\r?\n|[ \t]*<Import\s+Project=""[^""]*" + FromSourceMarker + @"[^""]*""\s*/>[ \t]*\r?\n")]
    private static partial Regex FromSourceImport();

    [GeneratedRegex(@"<Project\s*>")]
    private static partial Regex ProjectOpening();

    [GeneratedRegex(@"<Project\b[^>]*>")]
    private static partial Regex ProjectOpeningAny();

    [GeneratedRegex(@"Sdk=""Diver\.Sdk(/[^""]*)?""")]
    private static partial Regex SdkAttribute();

    [GeneratedRegex(@"<PackageId>[^<]*</PackageId>")]
    private static partial Regex PackageId();
}
