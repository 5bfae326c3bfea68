/* barrier.c - a generation-counting barrier.
 *
 * Waiters first spin briefly on the generation (threads on other CPUs
 * usually arrive within microseconds, and a spin costs no IPI), then
 * block. The last arrival starts the next generation and wakes the
 * sleepers; a generation check under the lock keeps late sleepers from
 * missing it. */
#include "sched.h"
#include <platform/x86.h>

#define SPIN_ROUNDS 20000

void kernel_barrier_init(kernel_barrier_t *b, unsigned parties)
{
    waitq_init(&b->q);
    b->parties = parties ? parties : 1;
    b->count = 0;
    b->generation = 0;
}

static int spin_for_generation(kernel_barrier_t *b, unsigned gen)
{
    int i;

    if (kernel_num_cpus() == 1)
        return 0; /* nobody else can move it while we spin */
    for (i = 0; i < SPIN_ROUNDS; i++) {
        if (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) != gen)
            return 1;
        cpu_relax();
    }
    return 0;
}

int kernel_barrier_wait(kernel_barrier_t *b)
{
    struct nk_thread *t;
    unsigned gen;

    spin_lock(&b->q.lock);
    gen = b->generation;
    if (++b->count == b->parties) {
        b->count = 0;
        __atomic_store_n(&b->generation, gen + 1, __ATOMIC_RELEASE);
        while ((t = waitq_pop_locked(&b->q)))
            sched_wake(t);
        spin_unlock(&b->q.lock);
        return 1;
    }
    spin_unlock(&b->q.lock);
    if (spin_for_generation(b, gen))
        return 0;
    spin_lock(&b->q.lock);
    if (b->generation != gen) {
        spin_unlock(&b->q.lock);
        return 0;
    }
    waitq_sleep_locked(&b->q);
    return 0;
}
