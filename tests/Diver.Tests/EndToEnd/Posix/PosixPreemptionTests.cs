using System.Globalization;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd.Posix;

/// <summary>
/// Posix threads are preempted by the scheduler's tick, as on Linux: a thread that spins without a
/// system call does not keep the CPU from the thread it waits for, and a preempted thread gets back
/// every register, its SSE/AVX state and the red zone below its stack pointer (interrupts move off
/// the shared IST stack onto the thread's own stack before they may switch).
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PosixPreemptionTests(DiverWorkspace workspace)
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    public void Threads_spinning_on_a_token_hand_it_round_on_fewer_cpus(int cpus, int threads)
    {
        // Cooperative threads hung here: a spinning thread kept its CPU from the one it waited for.
        var app = workspace.CreateApp($"posixspintoken{cpus}", "diver-posix");
        app.Write("main.c", """
            #include <pthread.h>
            #include <stdio.h>
            #define N THREADS
            #define ROUNDS 10
            static volatile int turn; /* thread turn % N moves next; nobody waits in a system call */
            static void take_turns(long me)
            {
                for (int r = 0; r < ROUNDS; r++) {
                    while (turn != r * N + me) { }
                    turn = r * N + me + 1;
                }
            }
            static void *member(void *arg) { take_turns((long)arg); return arg; }
            int main(void)
            {
                pthread_t t[N];
                for (long i = 1; i < N; i++) pthread_create(&t[i], 0, member, (void *)i);
                take_turns(0);
                for (int i = 1; i < N; i++) pthread_join(t[i], 0);
                printf("turns %d\n", turn);
                return 0;
            }
            """.Replace("THREADS", threads.ToString(CultureInfo.InvariantCulture)));

        var run = app.Run([$"-p:Cpus={cpus}", "-p:RunTimeout=60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"turns {10 * threads}", run.StandardOutput);
    }

    /// <summary>
    /// Two compute threads per vCPU: on one vCPU each runs only when the tick preempts the other;
    /// on two, a thread preempted on one vCPU may also resume on the other (the tick hands a ready
    /// thread to a lighter vCPU as the others finish), from the frame on its own stack.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Compute_threads_keep_red_zone_registers_and_vectors_across_preemption(int cpus)
    {
        var app = workspace.CreateApp($"posixpreemptrz{cpus}", "diver-posix");
        app.Write("main.c", """
            #include <pthread.h>
            #include <stdio.h>
            #define CALLS 30
            #define SPINS 300000

            volatile long running = -1; /* the thread that last ran a leaf's loop */
            int has_avx;

            /* rz_work(seed, spins, id, &switched): a leaf in assembly (the compiler's own red-zone use
               cannot mix in) that keeps 16 values in the 128 bytes below RSP, seed:~seed in XMM8, a
               pattern in R8 and, with AVX, ~seed in the upper half of YMM10, while it spins; it counts
               in *switched the times it found that another thread ran a leaf meanwhile (on one vCPU:
               the tick preempted it mid-leaf), and returns how many of the kept values changed. */
            long rz_work(long seed, long spins, long id, long *switched);
            __asm__(".text\n"
                    "rz_work:\n"
                    "  movq $16, %r10\n"
                    "1: leaq (%rdi,%r10), %rax\n movq %rax, -136(%rsp,%r10,8)\n decq %r10\n jnz 1b\n"
                    "  movq %rdi, %r11\n notq %r11\n movq %rdi, %xmm8\n movq %r11, %xmm9\n punpcklqdq %xmm9, %xmm8\n"
                    "  movq %rdi, %r8\n rolq $17, %r8\n"
                    "  cmpl $0, has_avx(%rip)\n je 2f\n"
                    "  vmovq %rdi, %xmm10\n vinsertf128 $1, %xmm9, %ymm10, %ymm10\n"
                    "2: cmpq %rdx, running(%rip)\n je 3f\n incq (%rcx)\n movq %rdx, running(%rip)\n"
                    "3: decq %rsi\n jnz 2b\n"
                    "  xorl %eax, %eax\n movq $16, %r10\n"
                    "4: leaq (%rdi,%r10), %r9\n cmpq %r9, -136(%rsp,%r10,8)\n je 5f\n incq %rax\n"
                    "5: decq %r10\n jnz 4b\n"
                    "  movq %xmm8, %r9\n cmpq %rdi, %r9\n je 6f\n incq %rax\n"
                    "6: pshufd $0xee, %xmm8, %xmm9\n movq %xmm9, %r9\n cmpq %r11, %r9\n je 7f\n incq %rax\n"
                    "7: movq %rdi, %r9\n rolq $17, %r9\n cmpq %r9, %r8\n je 8f\n incq %rax\n"
                    "8: cmpl $0, has_avx(%rip)\n je 9f\n"
                    "  vextractf128 $1, %ymm10, %xmm11\n vmovq %xmm11, %r9\n vzeroupper\n cmpq %r11, %r9\n je 9f\n incq %rax\n"
                    "9: ret\n");

            static int cpu_has_avx(void)
            {
                unsigned a, b, c, d, lo, hi;
                __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
                if (!(c & (1u << 28)) || !(c & (1u << 27))) return 0; /* AVX, OSXSAVE */
                __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
                return (lo & 6) == 6;
            }

            #define N THREADS
            static long lost[N], calls[N];
            static volatile long preempted_leaves[N];
            static int each_saw_another(void)
            {
                for (int i = 0; i < N; i++)
                    if (!preempted_leaves[i]) return 0;
                return 1;
            }

            static void *worker(void *arg)
            {
                long id = (long)arg, switched = 0, c;
                /* CALLS leaves at least, more while some thread has not seen another run in its
                   middle (ticks come late on a busy host), within a bound that fails the test. */
                for (c = 0; c < CALLS || (!each_saw_another() && c < 100 * CALLS); c++) {
                    long before = switched;
                    running = id;
                    lost[id] += rz_work(c * 7919 + id * 1000003, SPINS, id, &switched);
                    preempted_leaves[id] += switched != before;
                }
                calls[id] = c;
                return arg;
            }

            int main(void)
            {
                pthread_t t[N];
                long lost_all = 0, every = 1;
                has_avx = cpu_has_avx();
                for (long i = 0; i < N; i++) pthread_create(&t[i], 0, worker, (void *)i);
                for (int i = 0; i < N; i++) pthread_join(t[i], 0);
                for (int i = 0; i < N; i++) {
                    lost_all += lost[i];
                    every &= preempted_leaves[i] > 0;
                    fprintf(stderr, "thread %d: %ld of %ld leaves saw another run\n", i, preempted_leaves[i], calls[i]);
                }
                printf("avx %d threads %d lost %ld others ran mid-leaf: %s\n", has_avx, N, lost_all, every ? "every thread" : "not every thread");
                return 0;
            }
            """.Replace("THREADS", (2 * cpus).ToString(CultureInfo.InvariantCulture)));

        var run = app.Run([$"-p:Cpus={cpus}", "-p:TimeSlice=1ms", "-p:RunTimeout=120"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        // QEMU 7.2+ TCG has AVX; every thread's leaves found another one run in their middle.
        Assert.True(run.StandardOutput.Contains($"avx 1 threads {2 * cpus} lost 0 others ran mid-leaf: every thread", StringComparison.Ordinal), run.ToString());
    }
}
