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
    [Fact]
    public void Threads_spinning_on_flags_hand_turns_back_and_forth_on_one_cpu()
    {
        // Cooperative threads hung here: main spins, and the setter on the same CPU never ran.
        var app = workspace.CreateApp("posixspinflag", "diver-posix");
        app.Write("main.c", """
            #include <pthread.h>
            #include <stdio.h>
            #define ROUNDS 10
            static volatile int turn; /* even: main's move, odd: the other thread's; no system call waits */
            static void *partner(void *arg)
            {
                for (int r = 0; r < ROUNDS; r++) {
                    while (turn != 2 * r + 1) { }
                    turn = 2 * r + 2;
                }
                return arg;
            }
            int main(void)
            {
                pthread_t t;
                pthread_create(&t, 0, partner, 0);
                for (int r = 0; r < ROUNDS; r++) {
                    turn = 2 * r + 1;
                    while (turn != 2 * r + 2) { }
                }
                pthread_join(t, 0);
                printf("turns %d\n", turn);
                return 0;
            }
            """);

        var run = app.Run(["-p:Cpus=1", "-p:RunTimeout=60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("turns 20", run.StandardOutput);
    }

    [Fact]
    public void Two_compute_threads_on_one_cpu_keep_red_zone_registers_and_vectors_across_preemption()
    {
        var app = workspace.CreateApp("posixpreemptrz", "diver-posix");
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
               in *switched the times it found that the other thread ran meanwhile (the tick preempted
               it mid-leaf), and returns how many of the kept values changed. */
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

            static long lost[2], preempted_leaves[2];

            static void *worker(void *arg)
            {
                long id = (long)arg, switched = 0;
                for (long c = 0; c < CALLS; c++) {
                    long before = switched;
                    running = id;
                    lost[id] += rz_work(c * 7919 + id * 1000003, SPINS, id, &switched);
                    preempted_leaves[id] += switched != before;
                }
                return arg;
            }

            int main(void)
            {
                pthread_t t[2];
                has_avx = cpu_has_avx();
                for (long i = 0; i < 2; i++) pthread_create(&t[i], 0, worker, (void *)i);
                for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
                printf("avx %d lost %ld %ld preempted mid-leaf: %s\n", has_avx, lost[0], lost[1],
                       preempted_leaves[0] && preempted_leaves[1] ? "both" : "not both");
                fprintf(stderr, "leaves preempted: %ld and %ld of %d\n", preempted_leaves[0], preempted_leaves[1], CALLS);
                return 0;
            }
            """);

        var run = app.Run(["-p:Cpus=1", "-p:TimeSlice=1ms", "-p:RunTimeout=120"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        // QEMU 7.2+ TCG has AVX; each thread's leaves found the other one run in their middle.
        Assert.Contains("avx 1 lost 0 0 preempted mid-leaf: both", run.StandardOutput);
    }
}
