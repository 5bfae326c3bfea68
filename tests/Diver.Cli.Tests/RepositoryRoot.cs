namespace Diver.Cli.Tests;

/// <summary>The repository the tests were built from, for tests that read its sources or build a part of it.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "Diver.Sdk", "Sdk")) && File.Exists(Path.Combine(dir.FullName, "Diver.Cli", "Diver.Cli.csproj")))
                return dir.FullName;
        throw new DirectoryNotFoundException("the repository (Diver.Sdk/Sdk, Diver.Cli) above the test folder");
    }
}
