using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd.Posix;

/// <summary>
/// build/real-programs.sh: upstream programs from Debian's source packages, unmodified, built as
/// diver-posix nets and compared with host builds of the same sources. Needs the Debian registry
/// (apt-get source), as CI has.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class RealProgramsTests(DiverWorkspace workspace)
{
    [Fact]
    public void Real_programs_script_builds_runs_and_matches_the_host_builds()
    {
        var work = Path.Combine(workspace.Root, "real-programs");

        var result = workspace.Dotnet.Execute(Path.Combine(RepoPaths.Root, "build", "real-programs.sh"), RepoPaths.Root, [work],
            new Dictionary<string, string?> { ["DIVER_TEST_FEED"] = workspace.Feed, ["DIVER_TEST_VERSION"] = workspace.Version },
            TimeSpan.FromMinutes(20));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ok   check.lua", result.StandardOutput);
        Assert.Contains("ok   lua -e", result.StandardOutput);
        Assert.Contains("ok   sample3.ref compressed with -3 equals sample3.bz2", result.StandardOutput);
        Assert.Contains("ok   sample3.bz2 decompressed equals sample3.ref", result.StandardOutput);
        Assert.Contains("forwarded calls", result.StandardOutput);
        Assert.Contains("Real programs: all outputs equal the host builds'", result.StandardOutput);
    }
}
