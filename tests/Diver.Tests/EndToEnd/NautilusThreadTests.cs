using System.Globalization;
using System.Text.RegularExpressions;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd;

/// <summary>
/// In-guest tests of the Nautilus thread API (nautilus/threads.h) on 1, 2 and 4 vCPUs. They run under
/// TCG, where 4 vCPUs share the host's cores: loop counts stay modest, and the one test that looks at
/// times compares threads of the same run with each other, with a wide margin.
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
    [InlineData(2)]
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
    [InlineData(2)]
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
    [InlineData(2)]
    [InlineData(4)]
    public void Barrier_waiters_spin_then_block_and_stay_in_step(int cpus)
    {
        // With idle=poll (the default) a waiter spins on the barrier's generation before it blocks
        // (src/barrier.c); a late member makes the others block, and members sharing a CPU must not
        // spin while the one they wait for is ready on it.
        var run = RunProgram($"spinblock{cpus}", cpus, """
            #define T (CPUS + 2)                 /* more members than CPUs: some share one */
            #define ROUNDS 60
            static kernel_barrier_t bar;
            static atomic_int arrived[ROUNDS], late, serial;
            static void *member(void *arg) {
                long id = (long)arg;
                uint64_t x = 88172645463325252ull + id;
                for (int r = 0; r < ROUNDS; r++) {
                    /* Every third round one member arrives a few ms late: the others spin past their
                     * budget and block; in the other rounds they arrive together and the spin ends it. */
                    if (r % 3 == 0 && r / 3 % T == id)
                        for (long i = 0; i < 2000000; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
                    atomic_fetch_add(&arrived[r], 1);
                    if (kernel_barrier_wait(&bar)) atomic_fetch_add(&serial, 1);
                    if (atomic_load(&arrived[r]) != T) atomic_fetch_add(&late, 1);
                }
                return (void *)(uintptr_t)(x & 1);
            }
            int main(void) {
                kernel_thread_t t[T];
                kernel_barrier_init(&bar, T);
                for (long i = 0; i < T; i++) t[i] = kernel_launch_thread(member, (void *)i);
                for (int i = 0; i < T; i++) kernel_join_thread(t[i]);
                printf("late=%d serial=%d\n", atomic_load(&late), atomic_load(&serial));
                return 0;
            }
            """.Replace("CPUS", cpus.ToString(CultureInfo.InvariantCulture)));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("late=0 serial=60", run.StandardOutput);
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Figure_1_loop_launches_and_joins_on_every_cpu_count(int cpus)
    {
        // The design paper's Figure 1: launch a thread per CPU, join them all.
        var run = RunProgram($"figure1x{cpus}", cpus, """
            static atomic_int ran;
            static void *foo(void *arg) { atomic_fetch_add(&ran, 1); return arg; }
            int main(void) {
                int n = kernel_num_cpus();
                kernel_thread_t t[64];
                for (int i = 0; i < n; i++) t[i] = kernel_launch_thread(foo, NULL);
                for (int i = 0; i < n; i++) kernel_join_thread(t[i]);
                printf("ran=%d of %d\n", atomic_load(&ran), n);
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"ran={cpus} of {cpus}", run.StandardOutput);
    }

    [Fact]
    public void A_thread_spinning_on_a_flag_lets_the_setter_run_on_one_cpu()
    {
        // Cooperative threads hung here: main spins, and the setter on the same CPU never ran.
        var run = RunProgram("spinwait", 1, """
            static atomic_int flag;
            static void *setter(void *arg) { atomic_store(&flag, 1); return arg; }
            int main(void) {
                kernel_thread_t t = kernel_launch_thread(setter, NULL);
                while (!atomic_load(&flag)) { }
                kernel_join_thread(t);
                printf("flag seen\n");
                return 0;
            }
            """, "-p:RunTimeout=120");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("flag seen", run.StandardOutput);
    }

    [Theory]
    [InlineData("default", "", "")]
    [InlineData("debug", "-p:TimeSlice=2ms", "-p:IdlePolicy=halt")]
    public void Threads_spinning_on_their_own_barrier_share_one_cpu(string config, string timeSlice, string idle)
    {
        var run = RunProgram($"spinbarrier{config}", 1, """
            #define N 4
            #define ROUNDS 10
            static atomic_int count, sense, done[N];
            static void spin_barrier(int *local) {   /* sense-reversing, no kernel help */
                *local = !*local;
                if (atomic_fetch_add(&count, 1) == N - 1) { atomic_store(&count, 0); atomic_store(&sense, *local); }
                else while (atomic_load(&sense) != *local) { }
            }
            static void *member(void *arg) {
                int local = 0;
                for (int r = 0; r < ROUNDS; r++) { spin_barrier(&local); atomic_fetch_add(&done[(long)arg], 1); }
                return arg;
            }
            int main(void) {
                kernel_thread_t t[N];
                for (long i = 0; i < N; i++) t[i] = kernel_launch_thread(member, (void *)i);
                for (int i = 0; i < N; i++) kernel_join_thread(t[i]);
                printf("rounds=%d,%d,%d,%d\n", atomic_load(&done[0]), atomic_load(&done[1]), atomic_load(&done[2]), atomic_load(&done[3]));
                return 0;
            }
            """, $"-p:KernelConfig={config}", timeSlice, idle, "-p:RunTimeout=180");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("rounds=10,10,10,10", run.StandardOutput);
        if (timeSlice.Length > 0)
            Assert.Contains("[sched] time slice 2000 us, idle=halt", run.StandardOutput); // the properties reached the kernel
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 6)]
    public void Compute_threads_on_fewer_cpus_finish_together(int cpus, int threads)
    {
        // Run to completion one after another (cooperative), the first would finish at about
        // cpus/threads of the last one's time; time-sliced and balanced, they finish close together.
        var run = RunProgram($"together{cpus}", cpus, """
            #define T THREADS
            static uint64_t start, finish[T];
            static void *crunch(void *arg) {
                uint64_t x = 88172645463325252ull;
                for (long i = 0; i < 6000000; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; }
                finish[(long)arg] = kernel_time_ns() - start;
                return (void *)(x & 1);
            }
            int main(void) {
                kernel_thread_t t[T];
                uint64_t first = ~0ull, last = 0;
                start = kernel_time_ns();
                for (long i = 0; i < T; i++) t[i] = kernel_launch_thread(crunch, (void *)i);
                for (int i = 0; i < T; i++) kernel_join_thread(t[i]);
                for (int i = 0; i < T; i++) { if (finish[i] < first) first = finish[i]; if (finish[i] > last) last = finish[i]; }
                printf("first/last=%lu%%\n", (unsigned long)(first * 100 / last));
                return 0;
            }
            """.Replace("THREADS", threads.ToString(CultureInfo.InvariantCulture)));

        Assert.True(run.ExitCode == 0, run.ToString());
        var percent = int.Parse(Regex.Match(run.StandardOutput, @"first/last=(\d+)%").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(percent >= 60, $"the first thread finished at {percent}% of the last one's time\n{run}");
    }

    [Fact]
    public void A_held_spinlock_is_never_preempted_and_debug_builds_check_it()
    {
        // Held for ten time slices while a thread of the same CPU is ready: it must not run inside.
        var held = RunProgram("lockheld", 1, """
            #include <platform/spinlock.h>
            static struct spinlock l = SPINLOCK_INIT("app lock");
            static atomic_int ran;
            static void *other(void *arg) { atomic_store(&ran, 1); return arg; }
            int main(void) {
                kernel_thread_t t = kernel_launch_thread_on(other, NULL, 0);
                spin_lock(&l);
                uint64_t end = kernel_time_ns() + 100000000ull;
                while (kernel_time_ns() < end) { }
                int inside = atomic_load(&ran);
                spin_unlock(&l);
                kernel_join_thread(t);
                printf("ran-inside-lock=%d ran=%d\n", inside, atomic_load(&ran));
                return 0;
            }
            """, "-p:KernelConfig=debug");
        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.Contains("ran-inside-lock=0 ran=1", held.StandardOutput);

        // A bug that turns interrupts back on inside a lock: the debug tick catches it.
        var broken = RunProgram("lockbroken", 1, """
            #include <platform/spinlock.h>
            static struct spinlock l = SPINLOCK_INIT("app lock");
            int main(void) {
                spin_lock(&l);
                __asm__ volatile("sti");
                uint64_t end = kernel_time_ns() + 100000000ull;
                while (kernel_time_ns() < end) { }
                spin_unlock(&l);
                printf("not reached\n");
                return 0;
            }
            """, "-p:KernelConfig=debug");
        Assert.True(broken.ExitCode != 0, broken.ToString());
        Assert.Contains("PANIC: scheduler tick on CPU 0 while it holds 1 spinlock(s)", broken.StandardOutput);
        Assert.DoesNotContain("not reached", broken.StandardOutput);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Each_thread_keeps_its_fpu_control_words_and_avx_registers_across_switches(int cpus)
    {
        // A switch saves only what neither the ABI nor an entry stub keeps (platform/arch/x86_64/sched/context.c):
        // the x87/SSE control words across yields, and the upper AVX halves across preemption in the
        // middle of code that holds them live. Three threads share CPU 0 with a 1 ms time slice.
        var run = RunProgram($"fpustate{cpus}", cpus, """
            #define N 3
            #define SPINS 20000000
            static atomic_int bad, avx_bad, interleaved, running = -1;
            static int has_avx(void) {
                unsigned a, b, c, d, lo, hi;
                __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
                if (!(c & (1u << 28)) || !(c & (1u << 27))) return 0;
                __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
                return (lo & 6) == 6;
            }
            static unsigned mxcsr(void) { unsigned m; __asm__ volatile("stmxcsr %0" : "=m"(m)); return m & ~0x3fu; }
            static unsigned fcw(void) { unsigned short c; __asm__ volatile("fnstcw %0" : "=m"(c)); return c; }
            /* ymm8 holds this thread's pattern through a loop long enough for the tick to switch threads
             * many times; the loop counts the times another thread ran in between (`running` changed). */
            __attribute__((target("avx"))) static int avx_keeps(long id) {
                uint64_t in[4] = { id * 0x1111111111111111ull, ~(uint64_t)id, (uint64_t)id << 40 | 7, 0xa5a5a5a5a5a5a5a5ull ^ id }, out[4];
                long seen = 0, n = SPINS;
                __asm__ volatile("vmovdqu (%[in]), %%ymm8\n"
                                 "1: cmpl %k[id], (%[run])\n je 2f\n incq %[seen]\n movl %k[id], (%[run])\n"
                                 "2: decq %[n]\n jnz 1b\n"
                                 "vmovdqu %%ymm8, (%[out])\n"
                                 : [seen] "+r"(seen), [n] "+r"(n)
                                 : [in] "r"(in), [out] "r"(out), [id] "r"(id), [run] "r"(&running) : "xmm8", "memory");
                if (seen > 1) atomic_fetch_add(&interleaved, 1);
                return memcmp(in, out, sizeof(in)) == 0;
            }
            static void *worker(void *arg) {
                long id = (long)arg;
                unsigned my_mx = 0x1f80u | (unsigned)(id % 4) << 13, my_cw = 0x37fu | (unsigned)(id % 4) << 10;
                if (mxcsr() != 0x1f80u || fcw() != 0x37fu) atomic_fetch_add(&bad, 1);   /* a new thread starts from the defaults */
                __asm__ volatile("ldmxcsr %0; fldcw %1" : : "m"(my_mx), "m"(my_cw));
                for (int i = 0; i < 200; i++) {
                    kernel_yield();
                    if (mxcsr() != my_mx || fcw() != my_cw) atomic_fetch_add(&bad, 1);
                }
                if (has_avx() && !avx_keeps(id)) atomic_fetch_add(&avx_bad, 1);
                if (mxcsr() != my_mx || fcw() != my_cw) atomic_fetch_add(&bad, 1);
                return arg;
            }
            int main(void) {
                kernel_thread_t t[N];
                unsigned up = 0x1f80u | 2u << 13;   /* main rounds up: no new thread may inherit it */
                __asm__ volatile("ldmxcsr %0" : : "m"(up));
                for (long i = 0; i < N; i++) t[i] = kernel_launch_thread_on(worker, (void *)i, 0);
                for (int i = 0; i < N; i++) kernel_join_thread(t[i]);
                printf("avx=%d control-word errors=%d avx errors=%d interleaved=%d main-mxcsr=%s\n", has_avx(), atomic_load(&bad),
                       atomic_load(&avx_bad), atomic_load(&interleaved), mxcsr() == up ? "kept" : "lost");
                return 0;
            }
            """, "-p:TimeSlice=1ms");

        Assert.True(run.ExitCode == 0, run.ToString());
        // QEMU 7.2+ TCG has AVX; every thread's AVX loop saw the others run in the middle of it.
        Assert.Contains("avx=1 control-word errors=0 avx errors=0 interleaved=3 main-mxcsr=kept", run.StandardOutput);
    }

    [Fact]
    public void A_thread_overflowing_its_stack_panics_naming_it()
    {
        var run = RunProgram("overflow", 2, """
            static int deep(int n) { volatile char pad[512]; pad[0] = (char)n; return n ? deep(n - 1) + pad[0] : 0; }
            static void *recurse(void *arg) { return (void *)(long)deep(100000); }
            int main(void) {
                kernel_join_thread(kernel_launch_thread(recurse, NULL));
                printf("not reached\n");
                return 0;
            }
            """);

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("PANIC: Page fault", run.StandardOutput);
        Assert.Contains("stack overflow: hit the guard page below thread 2's stack", run.StandardOutput);
        Assert.Contains("thread: 2", run.StandardOutput);
        Assert.DoesNotContain("not reached", run.StandardOutput);
        Assert.Contains("error DIVER3004", run.Output);
    }

    [Fact]
    public void Detached_threads_of_the_scheduling_core_free_themselves()
    {
        // platform/sched.h directly, as a POSIX kernel's clone does: nobody joins these threads.
        // 6000 of them at 36 KiB (not the cached default size) only fit in 128 MiB if each one's
        // memory goes back when it exits.
        var run = RunProgram("detached", 2, """
            #include <platform/sched.h>
            static atomic_int ran;
            static void *work(void *arg) { atomic_fetch_add(&ran, 1); return arg; }
            int main(void) {
                int created = 0;
                for (int i = 0; i < 6000; i++) {
                    struct sched_thread_spec spec = { .entry = work, .cpu = SCHED_ANY_CPU, .stack_size = 36 << 10 };
                    struct sched_thread *t = sched_thread_create(&spec);
                    if (!t) break;
                    sched_thread_detach(t);
                    created++;
                    if (i % 64 == 0) kernel_yield();
                }
                while (atomic_load(&ran) < created) kernel_yield();
                printf("created=%d ran=%d\n", created, atomic_load(&ran));
                return 0;
            }
            """);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("created=6000 ran=6000", run.StandardOutput);
    }

    CommandResult RunProgram(string name, int cpus, string body, params string[] properties)
    {
        var app = workspace.CreateApp(name);
        app.Write("main.c", Prelude + body);
        var run = app.Run([$"-p:Cpus={cpus}", "-p:RunTimeout=300", .. properties.Where(p => p.Length > 0)]);
        Assert.Empty(QemuProcesses.SurvivorsMentioning(app.Directory));
        return run;
    }
}
