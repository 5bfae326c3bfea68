/* spinlock.c - test-and-set spinlock (test-and-test-and-set: waiters
 * spin on a plain load so the cache line is not bounced by writes).
 *
 * The first lock a CPU takes turns interrupts off and the last unlock
 * turns them back on if they were on: a count per CPU rather than a flag
 * per lock, so locks may be released in any order.
 *
 * Debug builds check lock use: locking a lock this CPU already holds
 * (a recursive lock, e.g. malloc from a fault handler that interrupted
 * malloc), unlocking a lock held by another CPU or by nobody, and spinning
 * for seconds (deadlock). */
#include <platform/arch.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/spinlock.h>
#include <platform/tsc.h>

#ifdef DIVER_DEBUG
#define DEADLOCK_NS 10000000000ull
#define CHECK_EVERY 4096

static void check_spin(struct spinlock *l, unsigned long spins, uint64_t start)
{
    if (spins % CHECK_EVERY == 0 && tsc_ns() - start > DEADLOCK_NS)
        panic("spinlock %s: held by CPU %d for over 10 s (deadlock?)", l->name, l->owner - 1);
}
#endif

static void hold_one_more(void)
{
    int was_on = irq_save();
    struct percpu *p = this_cpu();

    if (p->locks_held++ == 0)
        p->irq_was_on = was_on;
}

static void hold_one_less(void)
{
    struct percpu *p = this_cpu();

    if (--p->locks_held == 0)
        irq_restore(p->irq_was_on);
}

unsigned spin_locks_held(void) { return this_cpu()->locks_held; }

void spin_lock(struct spinlock *l)
{
#ifdef DIVER_DEBUG
    int me;
    unsigned long spins = 0;
    uint64_t start;
#endif

    hold_one_more(); /* from here on this thread stays on this CPU */
#ifdef DIVER_DEBUG
    me = (int)cpu_index() + 1;
    start = tsc_ns();
    if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me)
        panic("spinlock %s: already held by this CPU (recursive lock)", l->name);
#endif
    while (atomic_flag_test_and_set_explicit(&l->flag, memory_order_acquire)) {
        while (__atomic_load_n((char *)&l->flag, __ATOMIC_RELAXED)) {
            cpu_relax();
#ifdef DIVER_DEBUG
            check_spin(l, ++spins, start);
#endif
        }
    }
#ifdef DIVER_DEBUG
    __atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
#endif
}

void spin_unlock(struct spinlock *l)
{
#ifdef DIVER_DEBUG
    int owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);

    if (owner == 0)
        panic("spinlock %s: unlock of a lock not held", l->name);
    if (owner != (int)cpu_index() + 1)
        panic("spinlock %s: unlocked by CPU %u, held by CPU %d", l->name, cpu_index(), owner - 1);
    __atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
#endif
    atomic_flag_clear_explicit(&l->flag, memory_order_release);
    hold_one_less();
}
