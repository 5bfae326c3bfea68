using System.Diagnostics;

namespace Diver.Cli.Tests.EndToEnd;

/// <summary>
/// diver-pdeathsig (Diver.Cli/Native/pdeathsig.c), the program the NativeAOT launcher starts QEMU
/// and srun through so they die with it. OrphanTests kill real launchers; these pin the helper's
/// own promises: the program runs in the helper's place, dies with the parent, and never starts
/// once that parent is gone.
/// </summary>
public sealed class ParentDeathHelperTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("diver-pdeathsig-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The helper shipped beside DIVER_LAUNCHER, or else one built by the target the pack runs.</summary>
    string Helper()
    {
        var launcher = Environment.GetEnvironmentVariable(LauncherProcess.LauncherVariable);
        if (!string.IsNullOrEmpty(launcher))
        {
            var shipped = Path.Combine(Path.GetDirectoryName(launcher)!, "diver-pdeathsig");
            Assert.True(File.Exists(shipped), "the NativeAOT launcher ships without diver-pdeathsig beside it: " + shipped);
            return shipped;
        }
        var project = Path.Combine(RepositoryRoot.Find(), "Diver.Cli", "Diver.Cli.csproj");
        var build = Run("dotnet", "msbuild", project, "-t:DiverPublishNativeHelpers", "-p:PublishAot=true",
                        $"-p:PublishDir={folder}/", "-nologo", "-v:q");
        Assert.True(build.ExitCode == 0, build.Output);
        return Path.Combine(folder, "diver-pdeathsig");
    }

    [Fact]
    public void The_program_runs_in_the_helpers_place_with_the_callers_arguments()
    {
        var helper = Helper();
        var run = Run(helper, Environment.ProcessId.ToString(), "/bin/sh", "-c", "echo $$ $PPID \"$0\"", "arg zero");

        Assert.True(run.ExitCode == 0, run.Output);
        var fields = run.Output.Trim().Split(' ', 3);
        Assert.Equal(run.Pid.ToString(), fields[0]);           // exec'd in place, not a grandchild
        Assert.Equal(Environment.ProcessId.ToString(), fields[1]);
        Assert.Equal("arg zero", fields[2]);
    }

    [Fact]
    public void Nothing_starts_when_the_named_parent_is_already_gone()
    {
        var marker = Path.Combine(folder, "started");
        // Our real parent is this test process: naming another pid is a launcher that died before the prctl.
        var run = Run(Helper(), "1", "/usr/bin/touch", marker);

        Assert.Equal(1, run.ExitCode);
        Assert.False(File.Exists(marker), "the program ran although its launcher was gone");
    }

    [Fact]
    public void The_program_dies_with_its_parent_even_under_SIGKILL()
    {
        var helper = Helper();
        var parent = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"'{helper}' $$ /bin/sleep 120 & echo $!; wait" },
            RedirectStandardOutput = true,
        })!;
        var sleeper = int.Parse(parent.StandardOutput.ReadLine()!);
        Assert.True(WaitFor(() => File.ReadAllText($"/proc/{sleeper}/cmdline").StartsWith("/bin/sleep", StringComparison.Ordinal)),
                    "the helper never became /bin/sleep");

        parent.Kill();
        parent.WaitForExit();

        Assert.True(WaitFor(() => !IsRunning(sleeper)), $"pid {sleeper} outlived its parent");
    }

    static bool IsRunning(int pid)
    {
        try
        {
            // A zombie waiting for init to reap it has stopped running.
            return !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    static bool WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (condition()) return true;
            }
            catch (IOException) { }
            Thread.Sleep(20);
        }
        return false;
    }

    static (int ExitCode, int Pid, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, process.Id, stdout + stderr.Result);
    }
}
