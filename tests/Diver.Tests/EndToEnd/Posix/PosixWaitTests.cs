using System.Text.RegularExpressions;
using Diver.Tests.Infrastructure;

namespace Diver.Tests.EndToEnd.Posix;

/// <summary>
/// Waits in the Posix kernel end when what they wait for happens, not at the scheduler's next tick.
/// Sleeps and timed waits end at their deadline: with a 200 ms time slice, a kernel that only looked
/// at the clock each tick took about a slice for every 1 ms sleep (about 4 s for the twenty below),
/// and a sleeper woken on a vCPU busy with a compute thread waited for that thread's slice too. A
/// pipe's reader and writer hand over at once. The bounds are ten times what a correct kernel needs
/// and a fifth of what the tick-bound one took, so host load does not decide them.
/// </summary>
[Collection(DiverWorkspaceCollection.Name)]
public sealed class PosixWaitTests(DiverWorkspace workspace)
{
    private const string Program = """
        #include <errno.h>
        #include <pthread.h>
        #include <stdio.h>
        #include <time.h>

        static long now_ns(void)
        {
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            return t.tv_sec * 1000000000L + t.tv_nsec;
        }

        static void after_ns(struct timespec *t, long ns)
        {
            clock_gettime(CLOCK_MONOTONIC, t);
            t->tv_nsec += ns;
            t->tv_sec += t->tv_nsec / 1000000000L;
            t->tv_nsec %= 1000000000L;
        }

        static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
        static pthread_cond_t c;
        static volatile int stop, signalled;
        static volatile long spins;

        /* Twenty 1 ms sleeps: none may end early. */
        static void sleeps(const char *label)
        {
            long early = 0, start = now_ns();
            for (int i = 0; i < 20; i++) {
                long a = now_ns();
                struct timespec d = { 0, 1000000 };
                nanosleep(&d, 0);
                if (now_ns() - a < 1000000) early++;
            }
            printf("%s: 20 sleeps of 1 ms took %ld ms, %ld early\n", label, (now_ns() - start) / 1000000, early);
        }

        static void *spin(void *arg) { while (!stop) spins++; return arg; }

        static void *signal_later(void *arg)
        {
            struct timespec d = { 0, 5000000 };
            nanosleep(&d, 0);
            pthread_mutex_lock(&m);
            signalled = 1;
            pthread_cond_signal(&c);
            pthread_mutex_unlock(&m);
            return arg;
        }

        int main(void)
        {
            pthread_condattr_t ca;
            pthread_condattr_init(&ca);
            pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
            pthread_cond_init(&c, &ca);

            sleeps("alone");

            /* Twenty condition waits that time out after 1 ms. */
            long start = now_ns(), timedout = 0;
            pthread_mutex_lock(&m);
            for (int i = 0; i < 20; i++) {
                struct timespec t;
                after_ns(&t, 1000000);
                timedout += pthread_cond_timedwait(&c, &m, &t) == ETIMEDOUT;
            }
            pthread_mutex_unlock(&m);
            printf("timed waits: 20 of 1 ms took %ld ms, %ld timed out\n", (now_ns() - start) / 1000000, timedout);

            /* A wait with a far deadline that a signal ends early, then a sleep: the early
               wake withdrew its deadline cleanly. */
            pthread_t s;
            struct timespec far;
            int rc = 0;
            start = now_ns();
            pthread_create(&s, 0, signal_later, 0);
            after_ns(&far, 30000000000L);
            pthread_mutex_lock(&m);
            while (!signalled && rc == 0) rc = pthread_cond_timedwait(&c, &m, &far);
            pthread_mutex_unlock(&m);
            pthread_join(s, 0);
            printf("signalled wait: rc %d after %ld ms\n", rc, (now_ns() - start) / 1000000);

            /* The same sleeps beside a thread that computes on the only vCPU. */
            pthread_t spinner;
            pthread_create(&spinner, 0, spin, 0);
            sleeps("beside a spinner");
            stop = 1;
            pthread_join(spinner, 0);
            printf("spinner ran: %d\n", spins > 0);
            return 0;
        }
        """;

    [Fact]
    public void Sleeps_and_timed_waits_end_at_their_deadline_not_at_the_next_tick()
    {
        var app = workspace.CreateApp("posixtimedwait", "diver-posix");
        app.Write("main.c", Program);

        var run = app.Run(["-p:Cpus=1", "-p:TimeSlice=200ms", "-p:RunTimeout=60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.StandardOutput;
        Assert.True(Milliseconds(output, "alone: 20 sleeps of 1 ms took") < 800, output);
        Assert.Matches(@"alone: .* 0 early", output);
        Assert.True(Milliseconds(output, "timed waits: 20 of 1 ms took") < 800, output);
        Assert.Contains("ms, 20 timed out", output);
        Assert.True(Milliseconds(output, "signalled wait: rc 0 after") < 800, output);
        Assert.True(Milliseconds(output, "beside a spinner: 20 sleeps of 1 ms took") < 800, output);
        Assert.Matches(@"beside a spinner: .* 0 early", output);
        Assert.Contains("spinner ran: 1", output);
    }

    /// <summary>
    /// Timed waits and wakes racing on two vCPUs: every wait ends either way, and each early wake
    /// withdraws its deadline from the list of the vCPU it blocked on (a deadline left behind would
    /// later wake a thread out of an unrelated wait, or fire into a dead stack frame).
    /// </summary>
    [Fact]
    public void Timed_waits_racing_with_wakes_on_two_cpus_all_end()
    {
        var app = workspace.CreateApp("posixtimedrace", "diver-posix");
        app.Write("main.c", """
            #include <errno.h>
            #include <pthread.h>
            #include <stdio.h>
            #include <time.h>
            #define WAITERS 4
            #define ROUNDS 300

            static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
            static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
            static volatile int done;
            static long woken[WAITERS], timedout[WAITERS];

            static void *waiter(void *arg)
            {
                long me = (long)arg;
                for (int i = 0; i < ROUNDS; i++) {
                    struct timespec t;
                    clock_gettime(CLOCK_REALTIME, &t);
                    t.tv_nsec += 50000 + (me * 97 + i * 131) % 450 * 1000; /* 50 to 500 us */
                    if (t.tv_nsec >= 1000000000L) { t.tv_sec++; t.tv_nsec -= 1000000000L; }
                    pthread_mutex_lock(&m);
                    int rc = pthread_cond_timedwait(&c, &m, &t);
                    pthread_mutex_unlock(&m);
                    if (rc == ETIMEDOUT) timedout[me]++; else if (rc == 0) woken[me]++;
                }
                return 0;
            }

            static void *waker(void *arg)
            {
                struct timespec d = { 0, 150000 };
                while (!done) {
                    nanosleep(&d, 0);
                    pthread_mutex_lock(&m);
                    pthread_cond_broadcast(&c);
                    pthread_mutex_unlock(&m);
                }
                return arg;
            }

            int main(void)
            {
                pthread_t w[WAITERS], k;
                long all_woken = 0, all_timedout = 0;
                pthread_create(&k, 0, waker, 0);
                for (long i = 0; i < WAITERS; i++) pthread_create(&w[i], 0, waiter, (void *)i);
                for (int i = 0; i < WAITERS; i++) pthread_join(w[i], 0);
                done = 1;
                pthread_join(k, 0);
                for (int i = 0; i < WAITERS; i++) { all_woken += woken[i]; all_timedout += timedout[i]; }
                printf("ended %ld of %d, woken %d, timed out %d\n", all_woken + all_timedout, WAITERS * ROUNDS,
                       all_woken > 0, all_timedout > 0);
                return 0;
            }
            """);

        var run = app.Run(["-p:Cpus=2", "-p:TimeSlice=200ms", "-p:RunTimeout=120"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("ended 1200 of 1200, woken 1, timed out 1", run.StandardOutput);
    }

    /// <summary>
    /// Two threads on one vCPU streaming 1 MiB through a pipe (16 times its 64 KiB): each side waits
    /// for the other again and again. A waiter that halted in place kept the vCPU until the tick
    /// preempted it, half a 200 ms slice per hand-over.
    /// </summary>
    [Fact]
    public void Threads_on_one_cpu_hand_a_pipe_over_at_once()
    {
        var app = workspace.CreateApp("posixpipewait", "diver-posix");
        app.Write("main.c", """
            #include <pthread.h>
            #include <stdio.h>
            #include <time.h>
            #include <unistd.h>
            #define TOTAL (1 << 20)
            static int p[2];
            static void *writer(void *arg)
            {
                static unsigned char chunk[4096];
                for (int done = 0; done < TOTAL; done += sizeof chunk) {
                    for (int i = 0; i < (int)sizeof chunk; i++) chunk[i] = (unsigned char)((done + i) * 7);
                    if (write(p[1], chunk, sizeof chunk) != sizeof chunk) return (void *)1;
                }
                close(p[1]);
                return arg;
            }
            int main(void)
            {
                struct timespec a, b;
                static unsigned char buf[8192];
                long got = 0, wrong = 0, n;
                pthread_t w;
                pipe(p);
                clock_gettime(CLOCK_MONOTONIC, &a);
                pthread_create(&w, 0, writer, 0);
                while ((n = read(p[0], buf, sizeof buf)) > 0)
                    for (long i = 0; i < n; i++, got++) wrong += buf[i] != (unsigned char)(got * 7);
                pthread_join(w, 0);
                clock_gettime(CLOCK_MONOTONIC, &b);
                printf("piped %ld bytes, %ld wrong, took %ld ms\n", got, wrong,
                       (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000);
                return 0;
            }
            """);

        var run = app.Run(["-p:Cpus=1", "-p:TimeSlice=200ms", "-p:RunTimeout=60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("piped 1048576 bytes, 0 wrong", run.StandardOutput);
        Assert.True(Milliseconds(run.StandardOutput, "0 wrong, took") < 1000, run.StandardOutput);
    }

    private static long Milliseconds(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @" (\d+) ms");
        Assert.True(match.Success, $"no '{label}' line in:\n{output}");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
