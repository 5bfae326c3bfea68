/* posix_thread.h - Linux threads (clone) on the platform's scheduling core.
 *
 * Every thread has its own system-call entry stack: a call may block (futex)
 * or yield, the tick may preempt it, and the thread that runs next may make
 * calls of its own. The per-CPU block the `syscall` entry and the interrupt
 * entries read (entry stack, depth) is therefore the running thread's: the
 * core keeps it per thread and loads it on every switch (spec.entry_stack;
 * the main thread adopts the boot CPU's). */
#ifndef POSIX_THREAD_H
#define POSIX_THREAD_H

#include <stdint.h>

struct posix_thread {
    long tid;
    uintptr_t entry_stack;       /* top of its system-call stack (freed when it is reaped) */
    int *clear_child_tid;        /* set_tid_address / CLONE_CHILD_CLEARTID */
    uintptr_t start_rip, start_rsp, start_rflags, start_r9; /* a new thread's first user state */
    struct sched_thread *core;   /* its thread in the scheduling core, joined when it is reaped */
    struct posix_thread *next_ended; /* on the list of ended threads not yet reaped */
};

/* The boot thread becomes the program's main thread (tid 1); call after the
 * scheduling core's sched_init, on the main thread. */
void posix_threads_init(void);
struct posix_thread *posix_thread_self(void);

/* arch_prctl(ARCH_SET_FS): the calling thread's TLS pointer. */
void posix_set_fs_base(uintptr_t base);

/* clone: needs the caller's RIP and RFLAGS, so it takes the whole call. */
struct syscall_args;
long posix_clone(const struct syscall_args *args);

#endif
