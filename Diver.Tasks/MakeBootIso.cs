using Diver.Tasks.Tools;
using Microsoft.Build.Framework;

namespace Diver.Tasks;

/// <summary>
/// Makes a GRUB-bootable ISO of the net (BootImage=iso), as real hardware and QEMU's pc machine
/// boot it: firmware, then GRUB, which loads the ELF through its Multiboot2 header. The kernel
/// package's boot/grub.cfg says where the image goes; its multiboot2 line gets the net's name as
/// the command line, so argv[0] matches a -kernel boot.
/// </summary>
public sealed class MakeBootIso : DiverTask, ICancelableTask
{
    readonly CancellationTokenSource _cancel = new();

    [Required] public string ImageFile { get; set; } = "";
    [Required] public string GrubConfig { get; set; } = "";
    [Required] public string NetName { get; set; } = "";
    [Required] public string StagingDirectory { get; set; } = "";
    [Required] public string OutputFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    public string? GrubMkrescue { get; set; }

    const string InstallHint = "Making an ISO needs GRUB's BIOS modules, xorriso and mtools: sudo apt-get install grub-pc-bin xorriso mtools " +
                               "(or set the DiverGrubMkrescue property to grub-mkrescue's path).";

    public void Cancel() => _cancel.Cancel();

    protected override void Run()
    {
        var mkrescue = ToolLocator.Find(GrubMkrescue, "grub-mkrescue", ErrorCodes.IsoToolMissing, InstallHint);
        if (!File.Exists(GrubConfig))
            throw new DiverException(ErrorCodes.KernelFileMissing,
                $"The kernel package has no GRUB configuration at {GrubConfig}, so it cannot boot from an ISO. Use a kernel that ships boot/grub.cfg, or drop BootImage=iso.");
        var (config, imageInIso) = GrubMenu.ForNet(File.ReadAllText(GrubConfig), NetName);
        if (Directory.Exists(StagingDirectory))
            Directory.Delete(StagingDirectory, recursive: true);
        var grubDir = Path.Combine(StagingDirectory, "boot", "grub");
        Directory.CreateDirectory(grubDir);
        File.WriteAllText(Path.Combine(grubDir, "grub.cfg"), config);
        var imageTarget = Path.Combine(StagingDirectory, imageInIso.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(imageTarget)!);
        File.Copy(ImageFile, imageTarget, overwrite: true);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        var args = new[] { "-o", Path.GetFullPath(OutputFile), StagingDirectory };
        Log.LogMessage(MessageImportance.Normal, ToolRun.Format(mkrescue, args));
        var result = ToolRun.Run(mkrescue, args, ProjectDirectory, _cancel.Token);
        if (result.Succeeded && File.Exists(OutputFile))
            return;
        File.Delete(OutputFile);
        var output = (result.StandardError + result.StandardOutput).Trim();
        // grub-mkrescue runs xorriso and mformat itself and only says "not found" when they are missing.
        var hint = output.Contains("not found", StringComparison.OrdinalIgnoreCase) || output.Contains("No such file", StringComparison.OrdinalIgnoreCase)
            ? InstallHint : "Read grub-mkrescue's message above; " + InstallHint;
        throw new DiverException(ErrorCodes.IsoFailed, $"grub-mkrescue failed (exit code {result.ExitCode}): {output} {hint}");
    }
}
