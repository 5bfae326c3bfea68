/* nautilus/threads.h - kernel threads on every CPU, and the primitives
 * they synchronize with.
 *
 * Threads are cooperative and stay on the CPU they start on: a thread runs
 * until it returns, joins, blocks (mutex, condition, barrier) or calls
 * kernel_yield(). Interrupts are off while app code runs, so nothing
 * preempts a compute loop: spread work over threads, one per CPU or more.
 * C11 atomics come from clang's <stdatomic.h>. */
#ifndef NAUTILUS_THREADS_H
#define NAUTILUS_THREADS_H

#include <platform/sched.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sched_thread *kernel_thread_t; /* the platform scheduling core's thread */

/* Starts fn(arg) in a new thread on the next CPU in turn (threads spread
 * over all CPUs); NULL when out of memory. Each thread has a 32 KiB stack. */
kernel_thread_t kernel_launch_thread(void *(*fn)(void *), void *arg);

/* Same, bound to CPU `cpu` (0..kernel_num_cpus()-1); NULL if no such CPU. */
kernel_thread_t kernel_launch_thread_on(void *(*fn)(void *), void *arg, int cpu);

/* Waits for t to finish and returns what fn returned; at once if it already
 * has. Frees the thread: join each thread exactly once. */
void *kernel_join_thread(kernel_thread_t t);

/* Ends the calling thread with this return value (main: exits the app). */
__attribute__((noreturn)) void kernel_exit_thread(void *ret);

void kernel_yield(void);        /* let the other threads of this CPU run */
int kernel_cpu_id(void);        /* 0..kernel_num_cpus()-1 */
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
