using System.Security.Cryptography;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// Streamed pipelines: stages joined by Input edges over shared-memory channels (docs/channel-abi.md),
/// with exact results, across kernels (Nautilus and Posix) and deploy modes (VM and SplitVM), fan-out
/// and fan-in, binary data, a slow consumer, signals, and the refusals for kernels without channels.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PipelineChannelTests(DiverWorkspace workspace)
{
    /// <summary>Nautilus: writes 1..N (argv[1]) to stdout, one a line.</summary>
    const string Gen = """
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv)
        {
            long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
            for (long i = 1; i <= n; i++)
                printf("%ld\n", i);
            return 0;
        }
        """;

    /// <summary>Posix (musl stdio): copies the even numbers of stdin to stdout.</summary>
    const string Evens = """
        #include <stdio.h>
        #include <stdlib.h>
        int main(void)
        {
            char line[64];
            while (fgets(line, sizeof line, stdin))
                if (strtoll(line, NULL, 10) % 2 == 0)
                    fputs(line, stdout);
            return 0;
        }
        """;

    /// <summary>Nautilus: adds the numbers of stdin; argv[1], when given, is a busy-wait per line (a slow consumer).</summary>
    const string Sum = """
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv)
        {
            char line[64];
            long long total = 0, count = 0, previous = 0, ordered = 1;
            long spin = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
            while (fgets(line, sizeof line, stdin)) {
                long long v = strtoll(line, NULL, 10);
                if (v <= previous) ordered = 0;
                previous = v;
                total += v;
                count++;
                for (volatile long i = 0; i < spin; i++) { }
            }
            printf("sum: %lld numbers add up to %lld%s\n", count, total, ordered ? "" : " (out of order)");
            return 0;
        }
        """;

    /// <summary>
    /// Posix: argv[1] MiB of xorshift bytes written in sizes that cycle through both sides of the
    /// loan threshold (CHAN_LOAN_MIN, 64 KiB) and past the 1 MiB ring; FNV-1a of it on stderr.
    /// </summary>
    const string Vary = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        static unsigned char buf[(1 << 20) + 13];
        int main(int argc, char **argv)
        {
            static const long sizes[] = { 1, 4096, 65535, 65536, (1 << 20) + 13, 70000, 3 };
            long left = (argc > 1 ? strtol(argv[1], NULL, 10) : 1) << 20;
            unsigned long long h = 1469598103934665603ull, x = 88172645463325252ull;
            for (unsigned k = 0; left > 0; k++) {
                long n = sizes[k % 7] < left ? sizes[k % 7] : left;
                for (long i = 0; i < n; i++) {
                    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                    buf[i] = (unsigned char)x;
                    h = (h ^ buf[i]) * 1099511628211ull;
                }
                for (long off = 0; off < n; ) {
                    long w = write(1, buf + off, n - off);
                    if (w <= 0) return 2;
                    off += w;
                }
                left -= n;
            }
            fprintf(stderr, "vary: fnv %016llx\n", h);
            return 0;
        }
        """;

    /// <summary>Posix: counts stdin and prints its FNV-1a, reading in sizes on both sides of the loan threshold.</summary>
    const string Check = """
        #include <stdio.h>
        #include <unistd.h>
        static unsigned char buf[1 << 20];
        int main(void)
        {
            static const long sizes[] = { 1, 100, 65536, 1 << 20, 70001 };
            unsigned long long h = 1469598103934665603ull, total = 0;
            long n;
            for (unsigned k = 0; (n = read(0, buf, sizes[k % 5])) > 0; k++) {
                for (long i = 0; i < n; i++)
                    h = (h ^ buf[i]) * 1099511628211ull;
                total += (unsigned long long)n;
            }
            printf("check: %llu bytes fnv %016llx\n", total, h);
            return n < 0 ? 1 : 0;
        }
        """;

    /// <summary>
    /// Posix: argv[1] MiB, each MiB a different xorshift block, written with 1 MiB writes; a checksum of
    /// 64-bit words (cheap enough under TCG for a GiB) on stderr.
    /// </summary>
    const string Gib = """
        #include <stdint.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        static uint64_t block[1 << 17];
        int main(int argc, char **argv)
        {
            long mib = strtol(argv[1], NULL, 10);
            uint64_t h = 1469598103934665603ull, x = 88172645463325252ull;
            for (long i = 0; i < (1 << 17); i++) {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                block[i] = x;
            }
            for (long m = 0; m < mib; m++) {
                block[m & ((1 << 17) - 1)] += (uint64_t)m * 0x9e3779b97f4a7c15ull; /* every MiB differs */
                for (long i = 0; i < (1 << 17); i++)
                    h = (h ^ block[i]) * 1099511628211ull;
                for (size_t off = 0; off < sizeof block; ) {
                    long w = write(1, (char *)block + off, sizeof block - off);
                    if (w <= 0) return 2;
                    off += (size_t)w;
                }
            }
            fprintf(stderr, "gib: %lld bytes sum %016llx\n", (long long)mib << 20, (unsigned long long)h);
            return 0;
        }
        """;

    /// <summary>Posix: reads stdin a whole MiB at a time (a partial last one too) and prints the same word checksum.</summary>
    const string GibCheck = """
        #include <stdint.h>
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        static uint64_t block[1 << 17];
        int main(void)
        {
            uint64_t h = 1469598103934665603ull;
            long long total = 0;
            for (;;) {
                size_t filled = 0;
                long n = 1;
                while (filled < sizeof block && (n = read(0, (char *)block + filled, sizeof block - filled)) > 0)
                    filled += (size_t)n;
                if (n < 0) return 1;
                memset((char *)block + filled, 0, sizeof block - filled);
                for (size_t i = 0; i < (filled + 7) / 8; i++)
                    h = (h ^ block[i]) * 1099511628211ull;
                total += (long long)filled;
                if (filled < sizeof block) break;
            }
            printf("gibcheck: %lld bytes sum %016llx\n", total, (unsigned long long)h);
            return 0;
        }
        """;

    /// <summary>Posix: argv[1] MiB of the byte argv[2][0].</summary>
    const string Fill = """
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>
        static char buf[1 << 16];
        int main(int argc, char **argv)
        {
            long left = strtol(argv[1], NULL, 10) << 20;
            memset(buf, argv[2][0], sizeof buf);
            for (; left > 0; left -= sizeof buf)
                for (size_t off = 0; off < sizeof buf; ) {
                    long w = write(1, buf + off, sizeof buf - off);
                    if (w <= 0) return 2;
                    off += (size_t)w;
                }
            return 0;
        }
        """;

    /// <summary>Posix: stdin as runs of one byte, "runs: a*N b*M".</summary>
    const string Runs = """
        #include <stdio.h>
        #include <unistd.h>
        static unsigned char buf[1 << 16];
        int main(void)
        {
            long n, count = 0;
            int current = -1;
            printf("runs:");
            while ((n = read(0, buf, sizeof buf)) > 0)
                for (long i = 0; i < n; i++) {
                    if (buf[i] != current && count > 0) {
                        printf(" %c*%ld", current, count);
                        count = 0;
                    }
                    current = buf[i];
                    count++;
                }
            if (count > 0)
                printf(" %c*%ld", current, count);
            printf("\n");
            return 0;
        }
        """;

    /// <summary>Posix: sleeps argv[1] seconds (nanosleep halts between ticks), then writes one line.</summary>
    const string Late = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <unistd.h>
        int main(int argc, char **argv)
        {
            sleep(argc > 1 ? atoi(argv[1]) : 4);
            puts("late line");
            return 0;
        }
        """;

    /// <summary>Reads one line of stdin and says what it got.</summary>
    const string Waiter = """
        #include <stdio.h>
        int main(void)
        {
            char line[64];
            if (!fgets(line, sizeof line, stdin))
                return 1;
            printf("waiter got: %s", line);
            return 0;
        }
        """;

    /// <summary>A pipeline folder with stage projects from the templates and the given Stage items.</summary>
    AppProject Pipeline(string name, string stages, params (string Name, string Template, string Source)[] apps)
    {
        var pipeline = workspace.CreateApp(name, "diver-pipeline");
        foreach (var (app, template, source) in apps)
        {
            // The stage project from its template, moved to <pipeline>/<app>/<app>.diverproj (over the template's own gen/sum).
            var project = workspace.CreateApp(name + app, template);
            var folder = Path.Combine(pipeline.Directory, app);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.Move(project.Directory, folder);
            File.Move(Path.Combine(folder, $"{name}{app}.diverproj"), Path.Combine(folder, $"{app}.diverproj"));
            pipeline.Write($"{app}/main.c", source);
        }
        pipeline.EditProject(p => System.Text.RegularExpressions.Regex.Replace(p, "(?s)<ItemGroup>.*</ItemGroup>", $"<ItemGroup>\n{stages}\n</ItemGroup>"));
        var build = pipeline.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return pipeline;
    }

    [Fact]
    public void Three_stages_VM_to_SplitVM_to_VM_give_the_exact_sum()
    {
        var pipeline = Pipeline("chain",
            """
            <Stage Include="gen/gen.diverproj" Args="20000" />
            <Stage Include="evens/evens.diverproj" Input="gen" DeployMode="SplitVM" SplitVMRoot="work" />
            <Stage Include="sum/sum.diverproj" Input="evens" />
            """,
            ("gen", "diver-nautilus", Gen), ("evens", "diver-posix", Evens), ("sum", "diver-nautilus", Sum));

        var run = pipeline.Run();

        // 2 + 4 + ... + 20000 = 10000 * 10001
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sum: 10000 numbers add up to 100010000\n", run.StandardOutput.Replace("\r", ""));
        Assert.DoesNotContain("[gen]", run.StandardOutput); // a single terminal stage: no prefixes, and gen's numbers went to evens
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    [Fact]
    public void On_Slurm_a_streamed_group_is_one_job_chained_to_the_steps_before_and_after_it()
    {
        SlurmTests.RequireCluster();
        var pipeline = Pipeline("slurmstream",
            """
            <Stage Include="gen/gen.diverproj" Name="first" Args="2" />
            <Stage Include="gen/gen.diverproj" Args="20000" DependsOn="first" />
            <Stage Include="sum/sum.diverproj" Input="gen" />
            <Stage Include="gen/gen.diverproj" Name="after" Args="3" DependsOn="sum" />
            """,
            ("gen", "diver-nautilus", Gen), ("sum", "diver-nautilus", Sum));

        var plan = pipeline.Run(["-p:Scheduler=Slurm", "-p:ShowPlan=true"]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        // Three jobs: gen and sum together (2 cores, two QEMUs' memory), chained to first and by after.
        var single = System.Text.RegularExpressions.Regex.Match(plan.StandardOutput, @"first=\$\(sbatch --job-name=diver:slurmstream/first --ntasks=1 --cpus-per-task=1 --mem=(\d+)M ");
        var group = System.Text.RegularExpressions.Regex.Match(plan.StandardOutput, @"gen_sum=\$\(sbatch --job-name=diver:slurmstream/gen\+sum --ntasks=1 --cpus-per-task=2 --mem=(\d+)M .*""--dependency=afterok:\$first"" .* pipeline \S+/pipelines/slurmstream-gen\+sum-[0-9a-f]{12}\.pipeline\.json --quiet --exit-with-parent --verify-images");
        Assert.True(single.Success && group.Success, plan.StandardOutput);
        Assert.Equal(2 * int.Parse(single.Groups[1].Value), int.Parse(group.Groups[1].Value)); // both stages' memory and QEMU overhead
        Assert.Contains("\"--dependency=afterok:$gen_sum\"", plan.StandardOutput); // double quotes: the pasted script expands it

        var run = pipeline.Run(["-p:Scheduler=Slurm"], timeout: TimeSpan.FromMinutes(5));

        var output = run.StandardOutput.Replace("\r", "");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[first] 2\n", output);
        Assert.Contains("[gen+sum] sum: 20000 numbers add up to 200010000\n", output); // gen's numbers all went to sum, none to the log
        Assert.DoesNotContain("[gen+sum] 20000\n", output);
        Assert.Contains("[after] 3\n", output);
        Assert.True(output.IndexOf("[first] 2", StringComparison.Ordinal) < output.IndexOf("[gen+sum] sum:", StringComparison.Ordinal)
            && output.IndexOf("[gen+sum] sum:", StringComparison.Ordinal) < output.IndexOf("[after] 3", StringComparison.Ordinal), output);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    /// <summary>
    /// Stages joined by Input that ask for different cores are one heterogeneous job, a component per
    /// stage with that stage's cores (Slurm places them on the cluster's two nodes), the stream carried
    /// between them by srun; the known result comes out, and a failing stage is named with its node.
    /// </summary>
    [Fact]
    public void On_Slurm_a_streamed_group_whose_stages_ask_differently_is_a_heterogeneous_job()
    {
        SlurmTests.RequireCluster();
        var pipeline = Pipeline("slurmhet",
            """
            <Stage Include="gen/gen.diverproj" Args="20000" Cpus="1" />
            <Stage Include="sum/sum.diverproj" Input="gen" Cpus="2" />
            """,
            ("gen", "diver-nautilus", Gen), ("sum", "diver-nautilus", Sum));

        var plan = pipeline.Run(["-p:Scheduler=Slurm", "-p:ShowPlan=true"]);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Matches(@"gen_sum=\$\(sbatch --job-name=diver:slurmhet/gen\+sum --ntasks=1 --cpus-per-task=1 --mem=\d+M --parsable .* : " +
            @"--job-name=diver:slurmhet/gen\+sum --ntasks=1 --cpus-per-task=2 --mem=\d+M --wrap .* pipeline \S+ --quiet --exit-with-parent --verify-images --het-groups", plan.StandardOutput);

        var run = pipeline.Run(["-p:Scheduler=Slurm"], timeout: TimeSpan.FromMinutes(5));

        var output = run.StandardOutput.Replace("\r", "");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sum: 20000 numbers add up to 200010000\n", output); // every number crossed srun's forwarding, in order
        Assert.DoesNotContain("\n20000\n", output);
        // The newest such job, as scontrol still knows it (MinJobAge): one component per stage, with its cores.
        var components = SlurmComponents("diver:slurmhet/gen+sum");
        Assert.True(components.Count == 2, string.Join("\n", components));
        Assert.Contains("HetJobOffset=0 ", components[0]);
        Assert.Contains("TRES=cpu=1,", components[0]);
        Assert.Contains("HetJobOffset=1 ", components[1]);
        Assert.Contains("TRES=cpu=2,", components[1]);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));

        pipeline.Write("sum/main.c", "#include <stdio.h>\nint main(void) { char l[64]; while (fgets(l, sizeof l, stdin)) { } printf(\"sum fails\\n\"); return 3; }\n");
        var failed = pipeline.Run(["-p:Scheduler=Slurm"], timeout: TimeSpan.FromMinutes(5));

        Assert.True(failed.ExitCode == 3, failed.ToString());
        Assert.Matches(@"error DIVER3802: Stage 'sum' failed with exit code 3 on node \S+ \(component 1 of Slurm job \d+\)", failed.StandardOutput + failed.StandardError);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    /// <summary>
    /// A heterogeneous job's stages run through srun from the runner in component 0: Ctrl-C to the waiting
    /// launcher (it cancels the job) and SIGKILL (its watcher cancels it) both end every component and
    /// leave no QEMU on either node.
    /// </summary>
    [Theory]
    [InlineData("INT")]
    [InlineData("KILL")]
    public void Interrupting_or_killing_the_launcher_of_a_heterogeneous_job_ends_every_stage(string signal)
    {
        SlurmTests.RequireCluster();
        var name = $"slurmhet{signal.ToLowerInvariant()}";
        var pipeline = Pipeline(name,
            """
            <Stage Include="gen/gen.diverproj" Cpus="1" />
            <Stage Include="sum/sum.diverproj" Input="gen" Cpus="2" />
            """,
            ("gen", "diver-nautilus", "int main(void) { for (;;) { } }\n"), ("sum", "diver-nautilus", Sum));
        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:Scheduler=Slurm", "-p:RunTimeout=300"]);
        // Both stages' QEMUs up: both components run (on this host's two slurmd).
        SlurmTests.WaitUntil(() => QemuProcesses.Mentioning(pipeline.Directory).Count >= 2);

        var launcher = SlurmTests.LauncherOf(pipeline.Directory);
        Assert.NotNull(launcher);
        System.Diagnostics.Process.Start("kill", [$"-{signal}", launcher.Value.ToString()])!.WaitForExit();

        var exit = run.WaitForExit(TimeSpan.FromSeconds(60));
        if (signal == "INT") Assert.Equal(130, exit);
        SlurmTests.WaitUntil(() => !SlurmTests.Squeue().Contains($"diver:{name}"));
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory, TimeSpan.FromSeconds(10)));
    }

    /// <summary>The components of the newest heterogeneous job named <paramref name="name"/>, in order (scontrol's one-line form).</summary>
    static List<string> SlurmComponents(string name)
    {
        using var scontrol = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("scontrol", ["show", "job", "-o"]) { RedirectStandardOutput = true })!;
        var lines = scontrol.StandardOutput.ReadToEnd().Split('\n').Where(l => l.Contains($" JobName={name} ", StringComparison.Ordinal)).ToList();
        scontrol.WaitForExit();
        static long HetJobId(string line) => System.Text.RegularExpressions.Regex.Match(line, @"HetJobId=(\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value) : -1;
        var newest = lines.Select(HetJobId).DefaultIfEmpty(-1).Max();
        return [.. lines.Where(l => HetJobId(l) == newest && newest >= 0).OrderBy(l => System.Text.RegularExpressions.Regex.Match(l, @"HetJobOffset=(\d+)").Groups[1].Value)];
    }

    [Fact]
    public void Fan_out_and_fan_in_concatenate_in_the_listed_order()
    {
        var pipeline = Pipeline("fan",
            """
            <Stage Include="gen/gen.diverproj" Name="low" Args="1000" />
            <Stage Include="gen/gen.diverproj" Name="high" Args="3000" />
            <Stage Include="evens/evens.diverproj" Name="evens" Input="low" />
            <Stage Include="sum/sum.diverproj" Name="all" Input="low;high" />
            <Stage Include="sum/sum.diverproj" Name="lowsum" Input="low" />
            <Stage Include="sum/sum.diverproj" Name="evensum" Input="evens" />
            """,
            ("gen", "diver-nautilus", Gen), ("evens", "diver-posix", Evens), ("sum", "diver-nautilus", Sum));

        var run = pipeline.Run(timeout: TimeSpan.FromMinutes(5));

        var output = run.StandardOutput.Replace("\r", "");
        Assert.True(run.ExitCode == 0, run.ToString());
        // low then high: 1..1000 then 1..3000 is 4000 numbers, out of order exactly once (at the seam).
        Assert.Contains("[all] sum: 4000 numbers add up to 5002000 (out of order)\n", output);
        Assert.Contains("[lowsum] sum: 1000 numbers add up to 500500\n", output);
        Assert.Contains("[evensum] sum: 500 numbers add up to 250500\n", output); // Nautilus -> Posix -> Nautilus
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    [Fact]
    public void A_binary_stream_arrives_whole_through_a_channel_per_side()
    {
        var pipeline = Pipeline("binary",
            """
            <Stage Include="vary/vary.diverproj" Args="64" />
            <Stage Include="check/check.diverproj" Input="vary" DeployMode="SplitVM" SplitVMRoot="work" />
            """,
            ("vary", "diver-posix", Vary), ("check", "diver-posix", Check));

        var run = pipeline.Run(timeout: TimeSpan.FromMinutes(8));

        AssertEveryReaderGotTheSameBytes(run, "vary", producers: 1, 64L << 20, "");
    }

    /// <summary>
    /// The run passed; each of the producers printed one FNV-1a ("TAG: fnv X", on stderr), all alike; and each
    /// reader (by its output prefix: "[name] ", or "" for a lone writer to the terminal) counted the bytes and got that hash.
    /// </summary>
    static void AssertEveryReaderGotTheSameBytes(CommandResult run, string producerTag, int producers, long bytes, params string[] readers)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = System.Text.RegularExpressions.Regex.Matches(run.StandardOutput + run.StandardError, producerTag + ": fnv ([0-9a-f]{16})")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(sent.Count == producers && sent.Distinct().Count() == 1, run.ToString());
        foreach (var reader in readers)
            Assert.Contains($"{reader}check: {bytes} bytes fnv {sent[0]}", run.StandardOutput);
    }

    /// <summary>A GiB through a two-stage pipeline (a direct edge: loan to loan), with the same checksum at both ends.</summary>
    [Fact]
    public void A_gibibyte_arrives_whole_with_the_same_checksum_at_both_ends()
    {
        var pipeline = Pipeline("gib",
            """
            <Stage Include="gib/gib.diverproj" Args="1024" />
            <Stage Include="gibcheck/gibcheck.diverproj" Input="gib" />
            """,
            ("gib", "diver-posix", Gib), ("gibcheck", "diver-posix", GibCheck));

        var run = pipeline.Run(["-p:RunTimeout=300"], timeout: TimeSpan.FromMinutes(8));

        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = System.Text.RegularExpressions.Regex.Match(run.StandardError + run.StandardOutput, "gib: 1073741824 bytes sum ([0-9a-f]{16})");
        Assert.True(sent.Success, run.ToString());
        Assert.Contains($"gibcheck: 1073741824 bytes sum {sent.Groups[1].Value}", run.StandardOutput);
    }

    /// <summary>
    /// Writes and reads of every size, lent to the host or put in the ring (docs/channel-abi.md, "Loans"),
    /// arrive whole and in order: over a direct edge (ring to ring, loan to loan) and through the
    /// runner to two readers (the writer's loans drained into pipes).
    /// </summary>
    [Fact]
    public void Writes_and_reads_of_every_size_arrive_whole_lent_or_not()
    {
        var pipeline = Pipeline("loans",
            """
            <Stage Include="vary/vary.diverproj" Name="one" Args="12" />
            <Stage Include="check/check.diverproj" Name="direct" Input="one" />
            <Stage Include="vary/vary.diverproj" Name="two" Args="12" />
            <Stage Include="check/check.diverproj" Name="fanA" Input="two" />
            <Stage Include="check/check.diverproj" Name="fanB" Input="two" />
            """,
            ("vary", "diver-posix", Vary), ("check", "diver-posix", Check));

        var run = pipeline.Run(timeout: TimeSpan.FromMinutes(8));

        AssertEveryReaderGotTheSameBytes(run, "vary", producers: 2, 12L << 20, "[direct] ", "[fanA] ", "[fanB] ");
    }

    /// <summary>
    /// Two readers that list the same two producers in opposite orders, each producer writing far more than
    /// the queues, pipes and rings between them hold: a reader's queue for the Input it has not reached yet
    /// spills instead of holding its producer back, so neither reader waits on the other for good.
    /// </summary>
    [Fact]
    public void Readers_that_list_shared_producers_in_opposite_orders_both_get_everything()
    {
        var pipeline = Pipeline("crossed",
            """
            <Stage Include="fill/fill.diverproj" Name="a" Args="24 a" />
            <Stage Include="fill/fill.diverproj" Name="b" Args="24 b" />
            <Stage Include="runs/runs.diverproj" Name="ab" Input="a;b" />
            <Stage Include="runs/runs.diverproj" Name="ba" Input="b;a" />
            """,
            ("fill", "diver-posix", Fill), ("runs", "diver-posix", Runs));

        var run = pipeline.Run(["-p:RunTimeout=240"], timeout: TimeSpan.FromMinutes(6));

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.StandardOutput.Replace("\r", "");
        Assert.Contains($"[ab] runs: a*{24 << 20} b*{24 << 20}\n", output);
        Assert.Contains($"[ba] runs: b*{24 << 20} a*{24 << 20}\n", output);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory));
    }

    /// <summary>Nautilus gen writing 1..genCount into a Nautilus sum that busy-waits sumSpin turns per line.</summary>
    AppProject GenToSlowSum(string name, long genCount, long sumSpin) =>
        Pipeline(name,
            $"""
            <Stage Include="gen/gen.diverproj" Args="{genCount}" />
            <Stage Include="sum/sum.diverproj" Input="gen" Args="{sumSpin}" />
            """,
            ("gen", "diver-nautilus", Gen), ("sum", "diver-nautilus", Sum));

    [Fact]
    public void A_slow_consumer_holds_its_producer_back_and_loses_nothing()
    {
        var pipeline = GenToSlowSum("slow", genCount: 200000, sumSpin: 2000);

        var run = pipeline.Run(timeout: TimeSpan.FromMinutes(8));

        // 200,000 lines (1.3 MB) are more than the channel, the pipes and the runner's queues hold:
        // gen can only finish once sum has read most of it.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sum: 200000 numbers add up to 20000100000\n", run.StandardOutput.Replace("\r", ""));
    }

    /// <summary>
    /// A stage waiting on an idle channel gives its host core back: past one period of its timer its
    /// vCPU halts between ticks instead of spinning (under TCG a spinning vCPU is a busy host thread,
    /// which takes a core from the stages that compute). Measured as the waiting QEMU's CPU time over
    /// two seconds in which it can only wait: spinning, it is a whole core.
    /// </summary>
    [Theory]
    [InlineData("diver-nautilus")]
    [InlineData("diver-posix")]
    public void A_stage_waiting_on_an_idle_channel_leaves_its_host_core_free(string waiterTemplate)
    {
        var pipeline = Pipeline(waiterTemplate == "diver-posix" ? "idlewaitp" : "idlewaitn",
            """
            <Stage Include="late/late.diverproj" Args="8" />
            <Stage Include="waiter/waiter.diverproj" Input="late" />
            """,
            ("late", "diver-posix", Late), ("waiter", waiterTemplate, Waiter));

        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:RunTimeout=120"]);
        var waiterFolder = Path.Combine(pipeline.Directory, "waiter") + "/";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (QemuProcesses.Mentioning(waiterFolder).Count == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        var pid = Assert.Single(QemuProcesses.Mentioning(waiterFolder));
        Thread.Sleep(1000); // past its boot: from here on it can only wait for late's line
        var (cpuBefore, wallBefore) = (CpuSeconds(pid), DateTime.UtcNow);
        Thread.Sleep(2000);
        var (cpuAfter, wallAfter) = (CpuSeconds(pid), DateTime.UtcNow);

        Assert.Equal(0, run.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Contains("waiter got: late line", run.Output);
        var share = (cpuAfter - cpuBefore) / (wallAfter - wallBefore).TotalSeconds;
        Assert.True(share < 0.3, $"the waiting stage's QEMU kept {share:P0} of a host core busy while it waited");
    }

    /// <summary>User plus system time of a process, all its threads, from /proc (in USER_HZ ticks of 1/100 s).</summary>
    static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>The QEMU of a running pipeline's stage, by its project folder (waits up to a minute for it to start).</summary>
    static int StageQemu(AppProject pipeline, string stage)
    {
        var folder = Path.Combine(pipeline.Directory, stage) + "/";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (QemuProcesses.Mentioning(folder).Count == 0 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        return Assert.Single(QemuProcesses.Mentioning(folder));
    }

    /// <summary>
    /// A direct `a | b` edge is ring to ring: b's launcher maps a's guest RAM (handed over on a socket)
    /// and copies a's output ring into b's input ring itself, with no pipe and no relay in a's launcher.
    /// Seen in /proc: b's launcher (the parent of b's QEMU) maps two guest-RAM memfds, its own and a's.
    /// </summary>
    [Fact]
    public void A_direct_edge_copies_from_the_producers_ring_into_the_readers_ring()
    {
        var pipeline = GenToSlowSum("ringlink", genCount: 1000000000, sumSpin: 20000);
        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:RunTimeout=300"]);
        var sum = StageQemu(pipeline, "sum");
        var launcher = ParentOf(sum);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var rams = GuestRamFiles(launcher);
        while (rams.Count < 2 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            rams = GuestRamFiles(launcher);
        }

        Assert.Equal(2, rams.Count);
        Assert.Null(run.WaitForExit(TimeSpan.Zero)); // still streaming: the mapping was not a leftover of the end
        Assert.Equal(0, kill(run.Id, 2));
        Assert.NotNull(run.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory, TimeSpan.FromSeconds(30)));
    }

    static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
    }

    /// <summary>The distinct guest-RAM memfds (by inode) a process maps.</summary>
    static HashSet<string> GuestRamFiles(int pid) =>
        File.ReadAllLines($"/proc/{pid}/maps")
            .Where(line => line.Contains("memfd:diver-guest-ram", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4])
            .ToHashSet();

    /// <summary>Posix: writes zeros to stdout in 1 MiB writes until it is stopped.</summary>
    const string Zeros = """
        #include <unistd.h>
        static char buf[1 << 20];
        int main(void)
        {
            for (;;)
                for (size_t off = 0; off < sizeof buf; ) {
                    long w = write(1, buf + off, sizeof buf - off);
                    if (w <= 0) return 2;
                    off += (size_t)w;
                }
        }
        """;

    /// <summary>
    /// A fast producer streaming into a slower consumer (one that hashes every byte) waits for room
    /// over and over, each wait shorter than a timer period: it naps through them instead of spinning.
    /// A spinning waiter keeps its vCPU's host thread as busy as the consumer that computes, which on a
    /// host with fewer cores than busy threads is the consumer's loss. Measured as the two QEMUs' CPU
    /// time over the same two seconds: they share the host alike, so the ratio holds on a loaded machine.
    /// </summary>
    [Fact]
    public void A_producer_waiting_on_a_slower_consumer_naps_instead_of_spinning()
    {
        var pipeline = Pipeline("napping",
            """
            <Stage Include="zeros/zeros.diverproj" />
            <Stage Include="check/check.diverproj" Input="zeros" />
            """,
            ("zeros", "diver-posix", Zeros), ("check", "diver-posix", Check));
        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:RunTimeout=300"]);
        var zeros = StageQemu(pipeline, "zeros");
        var check = StageQemu(pipeline, "check");
        Thread.Sleep(2000); // past the boots: from here on zeros can only wait for room while check hashes
        var (zerosBefore, checkBefore) = (CpuSeconds(zeros), CpuSeconds(check));
        Thread.Sleep(2000);
        var (zerosCpu, checkCpu) = (CpuSeconds(zeros) - zerosBefore, CpuSeconds(check) - checkBefore);

        Assert.Null(run.WaitForExit(TimeSpan.Zero));
        Assert.True(checkCpu > 0.2, $"the consumer computed only {checkCpu:F2} s in 2 s: the host is too busy to tell");
        Assert.True(zerosCpu < 0.5 * checkCpu, $"the waiting producer used {zerosCpu:F2} s of CPU against the consumer's {checkCpu:F2} s");
        Assert.Equal(0, kill(run.Id, 2));
        Assert.NotNull(run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    public void A_signal_stops_every_streamed_stage_and_leaves_no_shared_memory(int signal)
    {
        var pipeline = Pipeline($"sigstream{signal}",
            """
            <Stage Include="gen/gen.diverproj" Args="1000000000" />
            <Stage Include="sum/sum.diverproj" Input="gen" Args="100000" DeployMode="SplitVM" SplitVMRoot="work" />
            """,
            ("gen", "diver-nautilus", Gen), ("sum", "diver-nautilus", Sum));
        var shmBefore = Directory.Exists("/dev/shm") ? Directory.GetFiles("/dev/shm").ToHashSet() : [];

        using var run = new BackgroundRun(workspace, pipeline, ["--no-build", "-p:RunTimeout=300"]);
        Assert.NotNull(run.WaitForLine(l => l.Contains("starting stage sum"), TimeSpan.FromMinutes(2)));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (QemuProcesses.Mentioning(pipeline.Directory).Count < 2 && DateTime.UtcNow < deadline)
            Thread.Sleep(100);
        Assert.Equal(2, QemuProcesses.Mentioning(pipeline.Directory).Count);
        Thread.Sleep(1000); // let data flow

        Assert.Equal(0, kill(run.Id, signal));

        Assert.Empty(QemuProcesses.SurvivorsMentioning(pipeline.Directory, TimeSpan.FromSeconds(30)));
        Assert.NotNull(run.WaitForExit(TimeSpan.FromSeconds(30)));
        var shmAfter = Directory.Exists("/dev/shm") ? Directory.GetFiles("/dev/shm").Where(f => f.Contains("diver")).ToHashSet() : [];
        Assert.Empty(shmAfter.Except(shmBefore));
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern int kill(int pid, int signal);

    [Fact]
    public void A_kernel_without_channels_is_refused_as_a_streamed_stage_at_build_and_at_run()
    {
        var kernel = KernelPackageVariants.Pack(workspace, "Test.Kernel.NoChannels",
            m => m.Replace("Diver.Kernel.Nautilus", "Test.Kernel.NoChannels").Replace("\"channels\": true,", ""));
        var pipeline = workspace.CreateApp("nochan", "diver-pipeline");
        pipeline.Write("gen/gen.diverproj", System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(pipeline.Directory, "gen", "gen.diverproj")),
            "Include=\"Diver.Kernel.Nautilus\" Version=\"[^\"]*\"", $"Include=\"{kernel}\" Version=\"{KernelPackageVariants.Version}\""));
        pipeline.EditProject(p => System.Text.RegularExpressions.Regex.Replace(p, "(?s)<ItemGroup>.*</ItemGroup>",
            "<ItemGroup>\n<Stage Include=\"gen/gen.diverproj\" />\n<Stage Include=\"sum/sum.diverproj\" Input=\"gen\" />\n</ItemGroup>"));

        var build = pipeline.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{pipeline.ProjectFile}", build.StandardOutput);
        Assert.Contains("error DIVER1606:", build.StandardOutput);
        Assert.Contains("Test.Kernel.NoChannels does not implement Diver channels", build.StandardOutput);

        // The same net run by hand as a stage: the launcher refuses it before QEMU starts.
        var gen = Path.Combine(pipeline.Directory, "gen");
        Assert.True(workspace.Dotnet.Run(gen, ["build"]).ExitCode == 0);
        var run = workspace.Tool.Run(gen, "run", Path.Combine(gen, "bin", "Debug", "gen.net.json"), "--channel-out", Path.Combine(gen, "out.bin"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error DIVER3803: Kernel Test.Kernel.NoChannels does not implement Diver channels", run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError);
        Assert.False(File.Exists(Path.Combine(gen, "out.bin")), "the launcher opened the channel before refusing");
    }

    /// <summary>`--channel-out -`: the launcher's stdout carries the channel's bytes alone, as a filter's does; the console goes to stderr.</summary>
    [Fact]
    public void A_channel_out_to_stdout_leaves_stdout_to_the_data_and_the_console_to_stderr()
    {
        var pipeline = Pipeline("chanstdout", """<Stage Include="gen/gen.diverproj" />""", ("gen", "diver-nautilus", Gen));
        var gen = Path.Combine(pipeline.Directory, "gen");

        var run = workspace.Tool.Run(gen, "run", Path.Combine(gen, "bin", "Debug", "gen.net.json"), "--channel-out", "-", "--", "2000");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Concat(Enumerable.Range(1, 2000).Select(i => $"{i}\n")), run.StandardOutput);
        Assert.False(File.Exists(Path.Combine(gen, "-")), "the launcher wrote the channel to a file named -");
    }

    [Fact]
    public void A_channel_endpoint_that_cannot_be_opened_is_a_DIVER_error()
    {
        var app = workspace.CreateApp("chanmissing");
        Assert.Equal(0, app.Build().ExitCode);

        var run = workspace.Tool.Run(app.Directory, "run", app.NetDescription(), "--channel-in", Path.Combine(app.Directory, "no-such-file"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error DIVER3804: --channel-in", run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError);
    }

    [Fact]
    public void A_ring_channel_endpoint_that_is_not_a_socket_is_a_DIVER_error()
    {
        var app = workspace.CreateApp("chanring");
        Assert.Equal(0, app.Build().ExitCode);

        var run = workspace.Tool.Run(app.Directory, "run", app.NetDescription(), "--channel-in", "ring:999");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error DIVER3804: --channel-in ring:999 does not name an open socket.", run.StandardError);
        Assert.DoesNotContain("   at ", run.StandardError);
    }
}
