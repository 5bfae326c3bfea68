using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

[Collection(DiverWorkspaceCollection.Name)]
public sealed class TemplateTests(DiverWorkspace workspace)
{
    [Fact]
    public void Template_names_the_packed_sdk_and_kernel_and_holds_a_main()
    {
        var app = workspace.CreateApp("shape");

        var project = File.ReadAllText(app.ProjectFile);
        Assert.Contains($"<Project Sdk=\"Diver.Sdk/{workspace.Version}\">", project);
        Assert.Contains($"<PackageReference Include=\"Diver.Kernel.Nautilus\" Version=\"{workspace.Version}\" />", project);
        Assert.Contains("int main(int argc, char **argv)", app.Read("main.c"));
        Assert.Contains("Hello from shape", app.Read("main.c"));
    }
}
