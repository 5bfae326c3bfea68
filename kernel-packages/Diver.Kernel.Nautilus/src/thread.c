/* thread.c - the thread API of nautilus/threads.h, a thin layer over the
 * platform scheduling core (platform/sched.h). */
#include <nautilus/threads.h>
#include <platform/percpu.h>
#include <platform/sched.h>
#include <platform/smp.h>
#include <platform/tsc.h>
#include <stdlib.h>

static kernel_thread_t launch(void *(*fn)(void *), void *arg, int cpu)
{
    struct sched_thread_spec spec = { .entry = fn, .arg = arg, .cpu = cpu };

    return sched_thread_create(&spec);
}

kernel_thread_t kernel_launch_thread_on(void *(*fn)(void *), void *arg, int cpu)
{
    if (cpu < 0)
        return 0; /* SCHED_ANY_CPU is kernel_launch_thread's */
    return launch(fn, arg, cpu);
}

kernel_thread_t kernel_launch_thread(void *(*fn)(void *), void *arg) { return launch(fn, arg, SCHED_ANY_CPU); }

void *kernel_join_thread(kernel_thread_t t) { return sched_thread_join(t); }

void kernel_exit_thread(void *ret)
{
    if (sched_thread_id(sched_self()) == SCHED_MAIN_THREAD_ID)
        exit((int)(intptr_t)ret); /* main's end is the app's end */
    sched_thread_exit(ret);
}

void kernel_yield(void) { sched_thread_yield(); }
int kernel_cpu_id(void) { return (int)cpu_index(); }
int kernel_num_cpus(void) { return (int)smp_cpu_count(); }
long kernel_thread_id(void) { return sched_thread_id(sched_self()); }
uint64_t kernel_time_ns(void) { return tsc_ns(); }
