using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>Every mistake a user can make while building gets a DIVER code, a sentence and no stack trace.</summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class BuildErrorTests(DiverWorkspace workspace)
{
    [Fact]
    public void A_package_version_that_is_not_a_version_is_diver1009_not_msb4181()
    {
        var app = workspace.CreateApp("badversion");
        app.EditProject(p => System.Text.RegularExpressions.Regex.Replace(p,
            "(<PackageReference Include=\"Diver.Kernel.Nautilus\" Version=\")[^\"]*\"", "${1}not-a-version\""));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1009", "PackageReference Diver.Kernel.Nautilus has Version \"not-a-version\"");
        Assert.DoesNotContain("MSB4181", build.Output);
    }

    [Fact]
    public void Project_without_a_kernel_reference_is_refused()
    {
        var app = workspace.CreateApp("nokernel");
        app.EditProject(p => RemoveKernelReference(p));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1001", "references no kernel package");
    }

    [Fact]
    public void Project_with_two_kernels_is_refused()
    {
        var app = workspace.CreateApp("twokernels");
        var second = KernelPackageVariants.Pack(workspace, "Test.Kernel.Second", m => m.Replace("Diver.Kernel.Nautilus", "Test.Kernel.Second"));
        app.EditProject(p => AddReference(p, second));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1002", "Keep one kernel PackageReference");
    }

    [Fact]
    public void Kernel_package_without_manifest_is_refused()
    {
        var app = workspace.CreateApp("nomanifest");
        var broken = KernelPackageVariants.Pack(workspace, "Test.Kernel.NoManifest", _ => null);
        app.EditProject(p => AddReference(RemoveKernelReference(p), broken));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1003", "Test.Kernel.NoManifest");
    }

    [Fact]
    public void Kernel_package_with_malformed_manifest_is_refused()
    {
        var app = workspace.CreateApp("badmanifest");
        var broken = KernelPackageVariants.Pack(workspace, "Test.Kernel.BadManifest", m => m[..(m.Length / 2)]);
        app.EditProject(p => AddReference(RemoveKernelReference(p), broken));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1004", "Test.Kernel.BadManifest");
    }

    [Fact]
    public void Unknown_kernel_config_lists_the_available_ones()
    {
        var app = workspace.CreateApp("badconfig");

        var build = app.Build("-p:KernelConfig=turbo");

        AssertFailedWith(build, "DIVER1005", "Available configs: default, debug");
    }

    [Fact]
    public void Compile_error_is_reported_at_its_line_in_canonical_form()
    {
        var app = workspace.CreateApp("cerror");
        app.Write("main.c", "int main(int argc, char **argv)\n{\n    return undeclared_thing;\n}\n");

        var build = app.Build();

        AssertFailedWith(build, "DIVER2001", "main.c(3,12): error DIVER2001: use of undeclared identifier 'undeclared_thing'");
    }

    [Fact]
    public void Undefined_symbol_is_named_at_link()
    {
        var app = workspace.CreateApp("lerror");
        app.Write("main.c", "int missing_function(int);\nint main(int argc, char **argv)\n{\n    return missing_function(argc);\n}\n");

        var build = app.Build();

        AssertFailedWith(build, "DIVER2101", "undefined symbol 'missing_function'");
        Assert.Contains("main.c(4", build.Output);
    }

    [Fact]
    public void Missing_clang_says_how_to_install_it()
    {
        var app = workspace.CreateApp("noclang");

        var build = app.Build("-p:DiverClang=/nonexistent/clang");

        AssertFailedWith(build, "DIVER2002", "apt-get install clang");
    }

    [Fact]
    public void Missing_linker_says_how_to_install_it()
    {
        var app = workspace.CreateApp("nolld");

        var build = app.Build("-p:DiverLinker=/nonexistent/ld.lld");

        AssertFailedWith(build, "DIVER2103", "apt-get install lld");
    }

    [Fact]
    public void Project_without_sources_is_refused()
    {
        var app = workspace.CreateApp("nosources");
        File.Delete(Path.Combine(app.Directory, "main.c"));

        var build = app.Build();

        AssertFailedWith(build, "DIVER1008", "no C sources");
    }

    internal static void AssertFailedWith(CommandResult result, string code, string text)
    {
        Assert.True(result.ExitCode != 0, "expected a failure\n" + result);
        Assert.Contains($"error {code}", result.Output);
        Assert.Contains(text, result.Output);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
        Assert.DoesNotContain("Exception", result.Output);
    }

    internal static string RemoveKernelReference(string project) =>
        System.Text.RegularExpressions.Regex.Replace(project, "<PackageReference Include=\"Diver.Kernel.Nautilus\"[^>]*/>", "");

    internal static string AddReference(string project, string id, string version = KernelPackageVariants.Version) =>
        project.Replace("</Project>", $"  <ItemGroup><PackageReference Include=\"{id}\" Version=\"{version}\" /></ItemGroup>\n</Project>");
}
