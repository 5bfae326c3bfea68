/* spinlock.h - the lock the platform uses around shared state (heap,
 * console). Uncontended today (one CPU runs), but written so SMP only has
 * to start more CPUs. DIVER_DEBUG builds catch recursive locking. */
#ifndef PLATFORM_SPINLOCK_H
#define PLATFORM_SPINLOCK_H

#include <stdatomic.h>

struct spinlock {
    atomic_flag flag;
    const char *name;
#ifdef DIVER_DEBUG
    int held;
#endif
};

#define SPINLOCK_INIT(n) { .flag = ATOMIC_FLAG_INIT, .name = (n) }

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

#endif
