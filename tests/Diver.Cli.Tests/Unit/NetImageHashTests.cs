using Diver.Cli.Run;
using Diver.Nets;

namespace Diver.Cli.Tests.Unit;

/// <summary>`run --verify-image`: a staged net is checked by the XxHash128 taken at staging, any other by the build's SHA-256.</summary>
public sealed class NetImageHashTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("diver-image-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Image(byte[] content)
    {
        var path = Path.Combine(_dir, "app.elf");
        File.WriteAllBytes(path, content);
        return path;
    }

    static string Sha256Of(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    [Fact]
    public void A_staged_image_is_checked_by_its_XxHash128()
    {
        var image = Image([1, 2, 3, 4]);
        var staged = new NetDescription { Sha256 = "not-checked-when-staged", StagedImageXxHash128 = NetImage.XxHash128(image) };

        NetImage.VerifyHash(staged, image);

        File.WriteAllBytes(image, [1, 2, 3, 5]);
        var refused = Assert.Throws<DiverException>(() => NetImage.VerifyHash(staged, image));
        Assert.Equal(ErrorCodes.ImageHashMismatch, refused.Code);
        Assert.Contains("XxHash128", refused.Message);
    }

    [Fact]
    public void An_unstaged_net_is_checked_by_the_builds_SHA256()
    {
        byte[] content = [9, 8, 7];
        var image = Image(content);

        NetImage.VerifyHash(new NetDescription { Sha256 = Sha256Of(content) }, image);

        var refused = Assert.Throws<DiverException>(() => NetImage.VerifyHash(new NetDescription { Sha256 = Sha256Of([9, 8, 6]) }, image));
        Assert.Equal(ErrorCodes.ImageHashMismatch, refused.Code);
        Assert.Contains("SHA-256", refused.Message);
    }
}
