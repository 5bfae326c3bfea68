/* spinlock.c - test-and-set spinlock. Debug builds panic on recursive
 * locking, the classic single-CPU deadlock (e.g. malloc from a fault
 * handler that interrupted malloc). */
#include <platform/panic.h>
#include <platform/spinlock.h>
#include <platform/x86.h>

void spin_lock(struct spinlock *l)
{
#ifdef DIVER_DEBUG
    if (l->held)
        panic("spinlock %s: already held (recursive lock)", l->name);
#endif
    while (atomic_flag_test_and_set_explicit(&l->flag, memory_order_acquire))
        cpu_relax();
#ifdef DIVER_DEBUG
    l->held = 1;
#endif
}

void spin_unlock(struct spinlock *l)
{
#ifdef DIVER_DEBUG
    if (!l->held)
        panic("spinlock %s: unlock of a lock not held", l->name);
    l->held = 0;
#endif
    atomic_flag_clear_explicit(&l->flag, memory_order_release);
}
