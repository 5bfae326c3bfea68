using Diver.Cli.Run;

namespace Diver.Cli.Tests.Unit;

/// <summary>A panic backtrace is named from the image that ran, even after a rebuild replaced it.</summary>
public sealed class RunningImageTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("diver-running-image-").FullName;

    string Elf => Path.Combine(folder, "app.elf");

    [Fact]
    public void AnUnchangedImageNeedsNoNotice()
    {
        File.WriteAllText(Elf, "the image that runs");
        using var image = RunningImage.Open(Elf)!;
        Assert.Null(image.ChangeNotice());
        Assert.Equal("the image that runs", File.ReadAllText(image.SymbolsPath));
    }

    [Fact]
    public void ARebuildThatReplacesTheFileLeavesTheRunningImageReadable()
    {
        File.WriteAllText(Elf, "the image that runs");
        using var image = RunningImage.Open(Elf)!;
        // ld.lld writes a new file and renames it over the old name, as this does.
        var rebuilt = Path.Combine(folder, "app.elf.tmp");
        File.WriteAllText(rebuilt, "a newer build, longer than the first");
        File.Move(rebuilt, Elf, overwrite: true);

        Assert.Contains("was rebuilt while the net ran", image.ChangeNotice());
        Assert.Equal("the image that runs", File.ReadAllText(image.SymbolsPath));
    }

    [Fact]
    public void AnImageOverwrittenInPlaceIsFlagged()
    {
        File.WriteAllText(Elf, "the image that runs");
        using var image = RunningImage.Open(Elf)!;
        File.WriteAllText(Elf, "overwritten in place, same inode");
        Assert.Contains("was overwritten while the net ran", image.ChangeNotice());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
