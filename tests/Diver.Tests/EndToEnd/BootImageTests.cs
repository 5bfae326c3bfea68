using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>The GRUB ISO and the firmware boot on QEMU's pc machine.</summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class BootImageTests(DiverWorkspace workspace)
{
    [Fact]
    public void Iso_boots_through_firmware_and_grub_on_the_pc_machine()
    {
        var app = workspace.CreateApp("isoboot");
        app.Write("main.c", """
            #include <stdio.h>
            int main(int argc, char **argv) { printf("booted by grub as %s\n", argv[0]); return 5; }
            """);

        var run = app.Run(["-p:Machine=pc"], timeout: TimeSpan.FromMinutes(6));

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.True(File.Exists(Path.ChangeExtension(app.Image(), ".iso")));
        Assert.Contains("booted by grub as isoboot", run.StandardOutput);
        Assert.Contains("on QEMU pc from its ISO", run.StandardError);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
    }

    [Fact]
    public void Missing_grub_mkrescue_says_how_to_install_it()
    {
        var app = workspace.CreateApp("nogrub");

        var build = app.Build("-p:BootImage=iso", "-p:DiverGrubMkrescue=/nonexistent/grub-mkrescue");

        BuildErrorTests.AssertFailedWith(build, "DIVER2301", "apt-get install grub-pc-bin xorriso mtools");
    }

    [Fact]
    public void Unknown_boot_image_is_refused()
    {
        var app = workspace.CreateApp("badimage");

        var build = app.Build("-p:BootImage=floppy");

        BuildErrorTests.AssertFailedWith(build, "DIVER2303", "Unknown BootImage 'floppy'");
    }

    [Fact]
    public void Pc_machine_without_an_iso_says_how_to_build_one()
    {
        var app = workspace.CreateApp("noiso");
        Assert.Equal(0, app.Build().ExitCode);

        var run = app.Run(["--no-build", "-p:Machine=pc"]);

        BuildErrorTests.AssertFailedWith(run, "DIVER3603", "-p:BootImage=iso");
    }
}
