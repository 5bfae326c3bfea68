namespace Diver.Tests.Infrastructure;

/// <summary>
/// The Diver packages under test. build/test.sh packs them once and passes the feed and version
/// (DIVER_TEST_FEED, DIVER_TEST_VERSION); the packages are copied into a temporary feed so tests
/// can add their own packages to it. Run alone (an IDE, plain 'dotnet test'), the fixture packs
/// them itself with build/pack.sh.
/// </summary>
public static class DiverFeed
{
    static readonly string[] PackageIds = ["Diver.Sdk", "Diver.Kernel.Nautilus", "Diver.Kernel.Posix", "Diver.Templates", "Diver.Cli"];

    public static string CreateIn(string feedFolder, out string version)
    {
        Directory.CreateDirectory(feedFolder);
        var source = System.Environment.GetEnvironmentVariable("DIVER_TEST_FEED");
        var packed = System.Environment.GetEnvironmentVariable("DIVER_TEST_VERSION");
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(packed))
        {
            packed = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
            var result = new Dotnet(Path.Combine(feedFolder, "..", "pack-nuget")).Execute(
                Path.Combine(RepoPaths.Root, "build", "pack.sh"), RepoPaths.Root, [feedFolder],
                new Dictionary<string, string?> { ["DIVER_VERSION"] = packed }, TimeSpan.FromMinutes(15));
            if (result.ExitCode != 0)
                throw new InvalidOperationException("build/pack.sh failed:\n" + result);
            source = feedFolder;
        }
        else
        {
            foreach (var id in PackageIds)
            {
                var file = Path.Combine(source, $"{id}.{packed}.nupkg");
                if (!File.Exists(file))
                    throw new InvalidOperationException($"{file} is missing: run build/pack.sh (or build/test.sh).");
                File.Copy(file, Path.Combine(feedFolder, Path.GetFileName(file)), overwrite: true);
            }
        }
        version = packed;
        return feedFolder;
    }
}
