/* spinlock.h - the lock around state shared between CPUs (heap, console,
 * run queues). Interrupts are off while a CPU holds any spinlock (the
 * first lock turns them off, the last unlock restores them), so the
 * scheduler's timer tick never preempts a lock holder and an interrupt
 * handler never spins on a lock its own CPU holds. DIVER_DEBUG builds
 * check ownership (see spinlock.c). */
#ifndef PLATFORM_SPINLOCK_H
#define PLATFORM_SPINLOCK_H

#include <stdatomic.h>

struct spinlock {
    atomic_flag flag;
    const char *name;
    int owner; /* debug builds: CPU index + 1, 0 when free. Present in every
                  config so apps (built without DIVER_DEBUG) and the kernel
                  agree on the size of types that embed a lock. */
};

#define SPINLOCK_INIT(n) { .flag = ATOMIC_FLAG_INIT, .name = (n) }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

/* How many spinlocks the calling CPU holds (0: it may be preempted). */
unsigned spin_locks_held(void);

#endif
