/* barrier.c - a generation-counting barrier.
 *
 * The last arrival starts the next generation and wakes the sleepers.
 * The others first spin on the generation for the scheduler's spin budget
 * (sched_spin_ns: the idle poll time with idle=poll, when the CPU of a
 * blocked waiter would poll that long anyway) and block only after it, or
 * at once when a ready thread waits for their CPU (the missing party may be
 * that very thread). A short wait then costs no switch, lock or wake-up:
 * measured in one boot (TCG, 2 vCPUs, idle=poll) a 2-thread round took
 * ~3-4.5 us blocking at once, through the idle loop on both sides. With
 * idle=halt the budget is 0: a spinning vCPU would hold a host core the
 * peer it waits for may need (measured ~12 us per round with a 5 us spin
 * on a busy 2-core host, against ~1.4 us blocking at once). */
#include <nautilus/threads.h>
#include <platform/arch.h>
#include <platform/sched.h>
#include <platform/tsc.h>

#define CLOCK_CHECK_EVERY 64 /* spins between reads of the clock */

void kernel_barrier_init(kernel_barrier_t *b, unsigned parties)
{
    sched_waitq_init(&b->q);
    b->parties = parties ? parties : 1;
    b->count = 0;
    b->generation = 0;
}

/* 1 once generation `gen` is over, 0 when the waiter should block instead. */
static int spin_for_next(kernel_barrier_t *b, unsigned gen)
{
    uint64_t budget = sched_spin_ns(), end;
    unsigned i;

    if (!budget)
        return 0;
    end = tsc_ns() + budget;
    for (i = 1;; i++) {
        if (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) != gen)
            return 1;
        if (sched_ready_waiting() || (i % CLOCK_CHECK_EVERY == 0 && tsc_ns() > end))
            return 0;
        cpu_relax();
    }
}

int kernel_barrier_wait(kernel_barrier_t *b)
{
    unsigned gen;

    spin_lock(&b->q.lock);
    if (++b->count == b->parties) {
        b->count = 0;
        __atomic_store_n(&b->generation, b->generation + 1, __ATOMIC_RELEASE);
        sched_waitq_wake_all_locked(&b->q);
        spin_unlock(&b->q.lock);
        return 1;
    }
    gen = b->generation;
    spin_unlock(&b->q.lock);
    if (spin_for_next(b, gen))
        return 0;
    spin_lock(&b->q.lock);
    if (b->generation != gen) { /* the round ended between the spin and the lock */
        spin_unlock(&b->q.lock);
        return 0;
    }
    sched_waitq_sleep_locked(&b->q);
    return 0;
}
