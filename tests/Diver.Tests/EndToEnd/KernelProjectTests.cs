using Diver.Tests.Infrastructure;
using static Diver.Tests.EndToEnd.BuildErrorTests;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// `dotnet new diver-kernel`: a new kernel project builds its archives, packs a valid kernel
/// package that apps boot on, and pack refuses a package that is not one.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class KernelProjectTests(DiverWorkspace workspace)
{
    string NewKernel(string name)
    {
        var dir = Path.Combine(workspace.Root, "kernels", name);
        var result = workspace.Dotnet.Run(workspace.Root, ["new", "diver-kernel", "-o", dir, "-n", name, "--debug:custom-hive", workspace.TemplateHive]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return dir;
    }

    [Fact]
    public void A_new_kernel_compiles_only_the_architecture_folder_PlatformArch_names()
    {
        var dir = NewKernel("Two.Arches");
        var otherArch = Path.Combine(dir, "platform", "arch", "aarch64", "boot");
        Assert.True(Directory.Exists(Path.Combine(dir, "platform", "arch", "x86_64")), "the template has no platform/arch/x86_64");
        Directory.CreateDirectory(otherArch);
        File.WriteAllText(Path.Combine(otherArch, "entry.S"), "#error aarch64 code in an x86_64 build\n");
        File.WriteAllText(Path.Combine(otherArch, "start.c"), "#error aarch64 code in an x86_64 build\n");

        var items = workspace.Dotnet.Run(dir, ["msbuild", "-restore", "-getItem:CSource", "-nologo"]);

        Assert.True(items.ExitCode == 0, items.ToString());
        var sources = items.StandardOutput.Replace('\\', '/');
        Assert.Contains("arch/x86_64/", sources);
        Assert.DoesNotContain("arch/aarch64", sources);
    }

    [Fact]
    public void New_kernel_builds_packs_and_boots_an_app()
    {
        var dir = NewKernel("My.Kernel");
        var feed = Path.Combine(dir, "pkg");

        var build = workspace.Dotnet.Run(dir, ["build"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Debug", "kernel", "default", "libkernel.a")), build.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Debug", "kernel", "debug", "libkernel.a")), build.ToString());

        var pack = workspace.Dotnet.Run(dir, ["pack", "-c", "Release", "-o", feed]);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var nupkg = Path.Combine(feed, "My.Kernel.1.0.0.nupkg");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(nupkg))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var part in new[] { "diver/kernel.json", "diver/symbols.txt", "kernel/default/libkernel.a", "kernel/debug/libkernel.a",
                         "link/kernel.ld", "boot/grub.cfg", "include/kernel/kernel.h", "include/stdio.h", "README.md", "src/My.Kernel.diverproj", "src/src/kernel.c" })
                Assert.Contains(part, entries);
            var nuspec = new StreamReader(zip.GetEntry("My.Kernel.nuspec")!.Open()).ReadToEnd();
            Assert.Contains("<packageType name=\"DiverKernel\" />", nuspec);
            Assert.Matches("<tags>diver-kernel .*x86_64.*mode-VM.*</tags>", nuspec);
        }

        var app = workspace.CreateApp("onnewkernel");
        app.EditProject(p => AddReference(RemoveKernelReference(p), "My.Kernel", "1.0.0"));
        app.Write("main.c", """
            #include <stdio.h>
            #include <kernel/kernel.h>
            int main(int argc, char **argv) {
                printf("on %s argc=%d\n", kernel_name(), argc);
                return 5;
            }
            """);
        var appBuild = app.Build("--source", workspace.Feed, "--source", feed);
        Assert.True(appBuild.ExitCode == 0, appBuild.ToString());
        var run = workspace.Dotnet.Run(app.Directory, ["run", "--no-build", "-p:RunTimeout=120"]);
        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("on My.Kernel argc=1", run.StandardOutput);
    }

    [Fact]
    public void Kernel_sources_compile_with_the_manifest_flags_and_flags_in_the_project_are_refused()
    {
        var dir = NewKernel("Flags.Kernel");
        var manifest = Path.Combine(dir, "diver", "kernel.json");
        var text = File.ReadAllText(manifest);
        Assert.Contains("\"kernelFlags\": [\"-std=c11\"", text);
        Assert.Contains("\"kernelFlags\": [\"-O1\"", text);
        File.WriteAllText(manifest, text
            .Replace("\"kernelFlags\": [\"-std=c11\"", "\"kernelFlags\": [\"-DFROM_KERNEL_FLAGS\", \"-std=c11\"")
            .Replace("\"kernelFlags\": [\"-O1\"", "\"kernelFlags\": [\"-DFROM_DEBUG_CONFIG\", \"-O1\""));
        // Compiles only if compile.kernelFlags reach every config and a config's kernelFlags reach that config alone.
        File.WriteAllText(Path.Combine(dir, "src", "flags_check.c"), """
            #ifndef FROM_KERNEL_FLAGS
            #error compile.kernelFlags did not reach the kernel's sources
            #endif
            #if defined(FROM_DEBUG_CONFIG) != defined(DIVER_DEBUG)
            #error the debug config's kernelFlags reached the wrong config
            #endif
            int flags_check;
            """);

        var build = workspace.Dotnet.Run(dir, ["build"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "bin", "Debug", "kernel", "debug", "libkernel.a")), build.ToString());

        var project = Path.Combine(dir, "Flags.Kernel.diverproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <PropertyGroup><KernelCFlags>-O3 -Wall</KernelCFlags></PropertyGroup>
              <ItemGroup><KernelBuildConfig Include="debug" CFlags="-O0" /></ItemGroup>
            </Project>
            """));
        var leftover = workspace.Dotnet.Run(dir, ["build"]);
        AssertFailedWith(leftover, "DIVER1408", "KernelCFlags ('-O3 -Wall') belongs in \"compile\": { \"kernelFlags\"");
        Assert.Contains("KernelBuildConfig 'debug' (CFlags '-O0')", leftover.Output);
        Assert.Contains("Flags.Kernel.diverproj : error DIVER1408", leftover.Output);
    }

    [Fact]
    public void Pack_refuses_msbuild_code_a_missing_part_and_a_bad_manifest()
    {
        var dir = NewKernel("Bad.Kernel");
        var feed = Path.Combine(dir, "pkg");
        var project = Path.Combine(dir, "Bad.Kernel.diverproj");
        var original = File.ReadAllText(project);

        var noArchiver = workspace.Dotnet.Run(dir, ["build", "-p:DiverArchiver=/nonexistent/llvm-ar"]);
        AssertFailedWith(noArchiver, "DIVER1405", "apt-get install llvm binutils");

        File.WriteAllText(Path.Combine(dir, "extra.targets"), "<Project />");
        File.WriteAllText(project, original.Replace("</Project>", "  <ItemGroup><None Include=\"extra.targets\" Pack=\"true\" PackagePath=\"build/\" /></ItemGroup>\n</Project>"));
        var withTargets = workspace.Dotnet.Run(dir, ["pack", "-c", "Release", "-o", feed]);
        AssertFailedWith(withTargets, "DIVER1403", "contains MSBuild code");
        Assert.False(File.Exists(Path.Combine(feed, "Bad.Kernel.1.0.0.nupkg")), "a refused package must not be left behind");
        File.WriteAllText(project, original);
        File.Delete(Path.Combine(dir, "extra.targets"));

        File.Delete(Path.Combine(dir, "README.md"));
        var noReadme = workspace.Dotnet.Run(dir, ["pack", "-c", "Release", "-o", feed]);
        AssertFailedWith(noReadme, "DIVER1401", "lacks the README");

        var manifest = Path.Combine(dir, "diver", "kernel.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"arch\": \"x86_64\",", ""));
        var badManifest = workspace.Dotnet.Run(dir, ["pack", "-c", "Release", "-o", feed]);
        AssertFailedWith(badManifest, "DIVER1402", "'arch' is missing");
    }
}
