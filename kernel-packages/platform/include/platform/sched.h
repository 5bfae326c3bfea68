/* sched.h - the scheduling core every kernel on the platform shares:
 * threads on per-CPU run queues, wait queues to block on, and each CPU's
 * idle loop. Kernels put their own thread API on top (Nautilus:
 * nautilus/threads.h; a POSIX kernel: clone and futex).
 *
 * Threads are preemptive: each CPU's APIC timer ticks once per time slice,
 * and a thread that ran a whole slice yields to the next ready thread of
 * its CPU. A CPU holding a spinlock has interrupts off, so lock holders are
 * never preempted. New threads go to the least-loaded CPU; a woken thread
 * goes to an idle CPU when its own is busy, and idle CPUs steal ready
 * threads from busy ones. Threads created for one CPU stay on it. Every
 * stack the core allocates has an unmapped guard page below it.
 *
 * A thread keeps its whole FPU/SIMD state across switches (SSE and x87
 * through the ABI or the interrupt and syscall entries' fxsave, the rest,
 * AVX included, saved by the switch) and its FS base, so code built for the
 * Linux ABI (SSE everywhere, TLS through %fs) can run in a thread. A kernel
 * whose threads block and yield only through C calls says so
 * (sched_set_switch_by_call): its voluntary switches then skip the AVX
 * halves, which the ABI makes the caller's to save. */
#ifndef PLATFORM_SCHED_H
#define PLATFORM_SCHED_H

#include <platform/spinlock.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_ANY_CPU (-1)
#define SCHED_DEFAULT_STACK_SIZE (32u << 10)
#define SCHED_MAIN_THREAD_ID 1 /* the boot context, which runs main */
#define SCHED_IDLE_THREAD_ID 0 /* every CPU's idle loop */

struct sched_thread; /* private to the core */

/* A FIFO of blocked threads, guarded by its own lock. */
struct sched_waitq {
    struct spinlock lock;
    struct sched_thread *head, *tail;
};

struct sched_thread_spec {
    void *(*entry)(void *);   /* runs entry(arg); returning exits with its value */
    void *arg;
    int cpu;                  /* a CPU index (bound to it), or SCHED_ANY_CPU */
    size_t stack_size;        /* 0: SCHED_DEFAULT_STACK_SIZE; the core allocates it */
    uintptr_t fs_base;        /* loaded into FS base whenever it runs (TLS) */
    uintptr_t entry_stack;    /* top of its kernel entry stack (percpu.h), 0 if none */
    void *data;               /* the kernel's own per-thread pointer */
};

/* Bring-up: sched_init on the boot CPU before smp_start (the boot context
 * becomes thread 1), sched_ap_main as smp_start's ap_main, and
 * sched_boot_cpu_ready once the other CPUs run (main is preemptible from
 * then on). platform_run_main calls sched_apply_kernel_options once the
 * kernel options are known (diver.timeslice_us, diver.idle,
 * diver.idle_poll_us: see sched/policy.c). */
void sched_init(void);
void sched_boot_cpu_ready(void);
__attribute__((noreturn)) void sched_ap_main(unsigned cpu);
void sched_apply_kernel_options(void);
/* Before threads start: every sched_block, yield and exit of this kernel's
 * threads is a SysV call, none a system call that keeps every register. */
void sched_set_switch_by_call(void);

/* Creates a thread and makes it runnable; NULL when out of memory or the
 * CPU does not exist. Ids count up from 2. */
struct sched_thread *sched_thread_create(const struct sched_thread_spec *spec);

/* Waits until t ends and returns its value; frees t (join a thread once). */
void *sched_thread_join(struct sched_thread *t);
/* Nobody will join t: it is freed when it exits (at once if it has). */
void sched_thread_detach(struct sched_thread *t);

/* Ends the calling thread. The exit hook (if set) runs first, in the thread. */
__attribute__((noreturn)) void sched_thread_exit(void *ret);
void sched_set_exit_hook(void (*hook)(struct sched_thread *self));

/* To the next ready thread of this CPU. Not sched_yield: that is libc's name
 * (musl's makes the system call), and a Posix kernel links musl. */
void sched_thread_yield(void);
struct sched_thread *sched_self(void);
long sched_thread_id(const struct sched_thread *t);
void *sched_thread_data(const struct sched_thread *t);
void sched_set_fs_base(uintptr_t fs_base);    /* the calling thread's TLS pointer */

/* Wait queues. The *_locked calls expect q->lock held by the caller. */
void sched_waitq_init(struct sched_waitq *q);
/* Queues the caller as blocked; it sleeps at its next sched_block(). */
void sched_waitq_enqueue_self_locked(struct sched_waitq *q);
/* Queues the caller, releases q->lock and sleeps until woken. */
void sched_waitq_sleep_locked(struct sched_waitq *q);
struct sched_thread *sched_waitq_pop_locked(struct sched_waitq *q);
void sched_waitq_wake_all_locked(struct sched_waitq *q); /* every waiter, in queue order */

/* Spin-then-block waits (barriers): how long a thread waiting for threads
 * on other CPUs may spin before it blocks (0: block at once; idle=halt or
 * one CPU), and whether a ready thread waits for this CPU, which a spinner
 * should give it by blocking. */
uint64_t sched_spin_ns(void);
int sched_ready_waiting(void);

/* Sleeps until sched_wake (after queuing itself on some wait queue). */
void sched_block(void);
/* Makes a blocked thread runnable again (no effect on a running one). */
void sched_wake(struct sched_thread *t);

/* Timed waits, against tsc_ns(). sched_block_until is sched_block that the
 * clock also ends (the caller queued itself on a wait queue first); it
 * returns 1 when the deadline woke it. sched_sleep_until returns at the
 * deadline, never before, and leaves the CPU to others meanwhile. Both end
 * within the timer's latency of the deadline, not at the next tick. */
int sched_block_until(uint64_t deadline_ns);
void sched_sleep_until(uint64_t deadline_ns);
/* For code that set this CPU's timer itself (a channel wait's nap) and
 * then started the tick's period again: the soonest deadline comes back. */
void sched_timer_rearm(void);

#endif
