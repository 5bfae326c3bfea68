using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// In-guest tests of the Nautilus thread API (nautilus/threads.h) on 1 and 4 vCPUs. They run under
/// TCG, where 4 vCPUs share the host's cores: loop counts stay modest and nothing is timed.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class NautilusThreadTests(DiverWorkspace workspace)
{
    const string Prelude = """
        #include <stdatomic.h>
        #include <stdio.h>
        #include <string.h>
        #include <nautilus/nautilus.h>
        #include <nautilus/threads.h>

        """;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Threads_spread_over_every_cpu(int cpus)
    {
        var run = RunProgram($"spread{cpus}", cpus, """
            static atomic_int seen[64];
            static void *foo(void *arg) { atomic_store(&seen[kernel_cpu_id()], 1); return arg; }
            int main(void) {
                int i, n = kernel_num_cpus(), count = 0;
                kernel_thread_t t[16];
                for (i = 0; i < 16; i++) { t[i] = kernel_launch_thread(foo, NULL); }
                for (i = 0; i < 16; i++) { kernel_join_thread(t[i]); }
                for (i = 0; i < n; i++) count += atomic_load(&seen[i]);
                printf("cpus=%d seen=%d\n", n, count);
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"cpus={cpus} seen={cpus}", run.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Atomic_and_mutex_counters_are_exact_under_contention(int cpus)
    {
        var run = RunProgram($"counters{cpus}", cpus, """
            static atomic_long atomic_count;
            static long locked_count;
            static kernel_mutex_t lock;
            static void *work(void *arg) {
                for (int i = 0; i < 20000; i++) atomic_fetch_add(&atomic_count, 1);
                for (int i = 0; i < 2000; i++) {
                    kernel_mutex_lock(&lock);
                    locked_count++;
                    kernel_mutex_unlock(&lock);
                    if (i % 64 == 0) kernel_yield();
                }
                return arg;
            }
            int main(void) {
                kernel_thread_t t[8];
                kernel_mutex_init(&lock);
                for (int i = 0; i < 8; i++) t[i] = kernel_launch_thread(work, NULL);
                for (int i = 0; i < 8; i++) kernel_join_thread(t[i]);
                printf("atomic=%ld locked=%ld\n", (long)atomic_load(&atomic_count), locked_count);
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("atomic=160000 locked=16000", run.StandardOutput);
    }

    [Fact]
    public void Threads_launch_threads_and_collect_their_results()
    {
        var run = RunProgram("nested", 4, """
            static void *leaf(void *arg) { return (void *)((long)arg * 2); }
            static void *parent(void *arg) {
                kernel_thread_t c[4];
                long sum = 0;
                for (long i = 0; i < 4; i++) c[i] = kernel_launch_thread(leaf, (void *)i);
                for (int i = 0; i < 4; i++) sum += (long)kernel_join_thread(c[i]);
                return (void *)sum;
            }
            int main(void) {
                kernel_thread_t p[6];
                long total = 0;
                for (int i = 0; i < 6; i++) p[i] = kernel_launch_thread(parent, NULL);
                for (int i = 0; i < 6; i++) total += (long)kernel_join_thread(p[i]);
                printf("total=%ld\n", total);
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("total=72", run.StandardOutput);
    }

    [Fact]
    public void More_than_a_thousand_threads_run_in_one_boot()
    {
        var run = RunProgram("thousand", 4, """
            #define N 1200
            static kernel_thread_t t[N];
            static void *id(void *arg) { return arg; }
            int main(void) {
                long sum = 0;
                int i;
                for (i = 0; i < N; i++) { t[i] = kernel_launch_thread(id, (void *)(long)i); }
                for (i = 0; i < N; i++) { sum += (long)kernel_join_thread(t[i]); }
                printf("threads=%d sum=%ld\n", N, sum);
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("threads=1200 sum=719400", run.StandardOutput);
    }

    [Fact]
    public void Joining_a_finished_thread_returns_its_value_at_once()
    {
        var run = RunProgram("finished", 4, """
            static atomic_int done;
            static void *quick(void *arg) { atomic_store(&done, 1); return arg; }
            int main(void) {
                kernel_thread_t t = kernel_launch_thread_on(quick, (void *)42, 0); /* main's CPU */
                while (!atomic_load(&done)) kernel_yield();
                printf("joined=%ld\n", (long)kernel_join_thread(t));
                printf("bad-cpu=%s\n", kernel_launch_thread_on(quick, NULL, 99) ? "accepted" : "refused");
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("joined=42", run.StandardOutput);
        Assert.Contains("bad-cpu=refused", run.StandardOutput);
    }

    [Fact]
    public void Barrier_rounds_and_condition_variable_keep_threads_in_step()
    {
        var run = RunProgram("barrier", 4, """
            #define T 4
            #define ROUNDS 40
            static kernel_barrier_t bar;
            static atomic_int arrived[ROUNDS], late, serial;
            static kernel_mutex_t m;
            static kernel_cond_t cv;
            static int go;
            static void *member(void *arg) {
                kernel_mutex_lock(&m);
                while (!go) kernel_cond_wait(&cv, &m);
                kernel_mutex_unlock(&m);
                for (int r = 0; r < ROUNDS; r++) {
                    atomic_fetch_add(&arrived[r], 1);
                    if (kernel_barrier_wait(&bar)) atomic_fetch_add(&serial, 1);
                    if (atomic_load(&arrived[r]) != T) atomic_fetch_add(&late, 1);
                }
                return arg;
            }
            int main(void) {
                kernel_thread_t t[T];
                kernel_barrier_init(&bar, T);
                kernel_mutex_init(&m);
                kernel_cond_init(&cv);
                for (int i = 0; i < T; i++) t[i] = kernel_launch_thread(member, NULL);
                kernel_mutex_lock(&m);
                go = 1;
                kernel_cond_broadcast(&cv);
                kernel_mutex_unlock(&m);
                for (int i = 0; i < T; i++) kernel_join_thread(t[i]);
                printf("late=%d serial=%d\n", atomic_load(&late), atomic_load(&serial));
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("late=0 serial=40", run.StandardOutput);
    }

    [Theory]
    [InlineData("default", "kernel_panic(\"boom in thread %ld\", kernel_thread_id())", "PANIC: boom in thread 5")]
    [InlineData("debug", "*(volatile int *)0x20 = 1", "PANIC: Page fault")]
    public void Panic_in_a_thread_stops_every_cpu_and_names_cpu_and_thread(string config, string failure, string expected)
    {
        var run = RunProgram($"threadpanic{config}", 4, """
            static volatile int stop;
            static void *spin(void *arg) { while (!stop) { } return arg; }
            static void *fail(void *arg) { FAILURE; return arg; }
            int main(void) {
                int i;
                kernel_thread_t t[3];
                for (i = 0; i < 3; i++) t[i] = kernel_launch_thread_on(spin, NULL, i);
                kernel_join_thread(kernel_launch_thread_on(fail, NULL, 3));
                printf("not reached\n");
                return 0;
            }
            """.Replace("FAILURE", failure), $"-p:KernelConfig={config}");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains(expected, run.StandardOutput);
        Assert.Contains("CPU: 3  thread: 5", run.StandardOutput);
        Assert.DoesNotContain("not reached", run.StandardOutput);
        Assert.Contains("error DIVER3004", run.Output);
    }

    [Fact]
    public void Debug_config_checks_lock_use_and_logs_the_cpus()
    {
        var run = RunProgram("lockcheck", 2, """
            static kernel_mutex_t m;
            static void *thief(void *arg) { kernel_mutex_unlock(&m); return arg; }
            int main(void) {
                kernel_mutex_init(&m);
                kernel_mutex_lock(&m);
                kernel_join_thread(kernel_launch_thread(thief, NULL));
                printf("not reached\n");
                return 0;
            }
            """, "-p:KernelConfig=debug");

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("2 CPUs", run.StandardOutput);
        Assert.Contains("unlocked by thread 2, owner 1", run.StandardOutput);
        Assert.DoesNotContain("not reached", run.StandardOutput);
    }

    CommandResult RunProgram(string name, int cpus, string body, params string[] properties)
    {
        var app = workspace.CreateApp(name);
        app.Write("main.c", Prelude + body);
        var run = app.Run([$"-p:Cpus={cpus}", "-p:RunTimeout=300", .. properties]);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
        return run;
    }
}
