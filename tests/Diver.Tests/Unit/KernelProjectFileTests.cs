using Diver.Kernels;

namespace Diver.Tests.Unit;

public sealed class KernelProjectFileTests
{
    const string InRepo = """
        <Project>
          <!-- DiverSdkFromSource: from source here. -->
          <Import Project="../../build/DiverSdkFromSource/Sdk.props" />
          <PropertyGroup>
            <PackageId>Diver.Kernel.Nautilus</PackageId>
          </PropertyGroup>
          <Import Project="../../build/DiverSdkFromSource/Sdk.targets" />
        </Project>
        """;

    [Fact]
    public void In_repo_imports_become_a_versioned_sdk_reference()
    {
        var standalone = KernelProjectFile.MakeStandalone(InRepo, "1.2.3");

        Assert.StartsWith("<Project Sdk=\"Diver.Sdk/1.2.3\">", standalone);
        Assert.DoesNotContain("DiverSdkFromSource", standalone);
        Assert.DoesNotContain("<Import", standalone);
        Assert.Contains("<PackageId>Diver.Kernel.Nautilus</PackageId>", standalone);
    }

    [Fact]
    public void A_standalone_project_gets_the_new_sdk_version() =>
        Assert.Equal("<Project Sdk=\"Diver.Sdk/2.0.0\">\n</Project>", KernelProjectFile.MakeStandalone("<Project Sdk=\"Diver.Sdk/1.0.0\">\n</Project>", "2.0.0"));

    [Fact]
    public void PackageId_is_replaced_or_added()
    {
        Assert.Contains("<PackageId>My.Fork</PackageId>", KernelProjectFile.WithPackageId(InRepo, "My.Fork"));
        Assert.DoesNotContain("Diver.Kernel.Nautilus", KernelProjectFile.WithPackageId(InRepo, "My.Fork"));
        var added = KernelProjectFile.WithPackageId("<Project Sdk=\"Diver.Sdk/1.0.0\">\n</Project>", "My.Fork");
        Assert.Contains("<PackageId>My.Fork</PackageId>", added);
        Assert.StartsWith("<Project Sdk=\"Diver.Sdk/1.0.0\">", added);
    }
}
