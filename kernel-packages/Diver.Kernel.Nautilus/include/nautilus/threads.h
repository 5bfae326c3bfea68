/* nautilus/threads.h - kernel threads on every CPU, and the primitives
 * they synchronize with. A thin layer over the platform scheduling core
 * (platform/sched.h).
 *
 * Threads are preemptive: each CPU's APIC timer ticks once per time slice
 * (10 ms by default; -p:TimeSlice, kernel option diver.timeslice_us), and a
 * thread that ran a whole slice yields to the next ready thread of its CPU,
 * so spin-waiting on another thread works even on one CPU. A CPU holding a
 * spinlock (platform/spinlock.h) has interrupts off and is never preempted.
 * kernel_launch_thread puts a thread on the least-loaded CPU and the
 * scheduler may move it later (idle CPUs steal ready threads, busy ones hand
 * them to lighter ones); kernel_launch_thread_on binds it to one CPU. Each
 * thread has a 32 KiB stack with an unmapped guard page below it: an
 * overflow panics naming the thread. C11 atomics come from clang's
 * <stdatomic.h>. */
#ifndef NAUTILUS_THREADS_H
#define NAUTILUS_THREADS_H

#include <platform/sched.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sched_thread *kernel_thread_t; /* the platform scheduling core's thread */

/* Starts fn(arg) in a new thread on the least-loaded CPU (ties go round
 * the CPUs in turn); NULL when out of memory. */
kernel_thread_t kernel_launch_thread(void *(*fn)(void *), void *arg);

/* Same, bound to CPU `cpu` (0..kernel_num_cpus()-1) for its whole life;
 * NULL if no such CPU. */
kernel_thread_t kernel_launch_thread_on(void *(*fn)(void *), void *arg, int cpu);

/* Waits for t to finish and returns what fn returned; at once if it already
 * has. Frees the thread: join each thread exactly once. */
void *kernel_join_thread(kernel_thread_t t);

/* Ends the calling thread with this return value (main: exits the app). */
__attribute__((noreturn)) void kernel_exit_thread(void *ret);

void kernel_yield(void);        /* let the other threads of this CPU run */
int kernel_cpu_id(void);        /* 0..kernel_num_cpus()-1; may change unless bound */
int kernel_num_cpus(void);
long kernel_thread_id(void);    /* main is 1; 0 is a CPU's idle loop */
uint64_t kernel_time_ns(void);  /* TSC clock since boot, ns */

/* A list of blocked threads; the building block of the types below. */
typedef struct sched_waitq kernel_waitq_t;

typedef struct {
    kernel_waitq_t q;
    int locked;
    long owner; /* thread id, for debug checks */
} kernel_mutex_t;

typedef struct {
    kernel_waitq_t q;
} kernel_cond_t;

typedef struct {
    kernel_waitq_t q;
    unsigned parties, count;
    unsigned generation;
} kernel_barrier_t;

void kernel_mutex_init(kernel_mutex_t *m);
void kernel_mutex_lock(kernel_mutex_t *m);
void kernel_mutex_unlock(kernel_mutex_t *m);

void kernel_cond_init(kernel_cond_t *c);
void kernel_cond_wait(kernel_cond_t *c, kernel_mutex_t *m); /* m held; re-held on return */
void kernel_cond_signal(kernel_cond_t *c);
void kernel_cond_broadcast(kernel_cond_t *c);

/* Releases all `parties` waiters together; returns 1 in exactly one of them. */
void kernel_barrier_init(kernel_barrier_t *b, unsigned parties);
int kernel_barrier_wait(kernel_barrier_t *b);

#ifdef __cplusplus
}
#endif

#endif
