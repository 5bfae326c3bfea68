/* chan_wait.c - how a kernel waits for its channel peer.
 *
 * The host side of a ring is a relay thread, and nothing interrupts the
 * guest when it moves, so the guest polls. Under TCG a polling vCPU is a
 * busy host thread, which on a host with fewer cores than busy threads
 * takes a core from the stage or relay that has work: in a two-stage
 * stream the faster guest spends most of its time waiting, and spinning
 * through that wait halved the slower one's share (docs/benchmarks.md).
 * So a wait spins only briefly (20 to 200 us, adapted to how waits end:
 * see spin_ns), then naps: it sets its CPU's
 * timer to fire after CHAN_WAIT_NAP_US, halts, and puts the timer back to
 * its period, so the vCPU's host thread sleeps while a streaming peer
 * catches up and the wait ends within a nap of the peer moving. A wait
 * that has lasted a whole period (the peer computes, or is idle) halts
 * until each next tick instead, as cheap as an idle CPU.
 *
 * It halts only where an interrupt can end the halt and nothing forbids
 * one: a timer runs on this CPU (the diver-kernel template starts none),
 * and the CPU holds no spinlock (interrupts stay off inside a lock). */
#include "chan_wait.h"
#include <platform/arch.h>
#include <platform/percpu.h>
#include <platform/sched.h>
#include <platform/spinlock.h>
#include <platform/tsc.h>

/* Most turns are a bare pause: a peer that streams is answered sooner when
 * the loop reads no clock (under TCG every instruction of it counts). */
#define CHAN_WAIT_CLOCK_TURNS 64
/* The spin before the first nap adapts between these, as Linux's haltpoll
 * does: a wait that ended after the spin gave up but within the first nap
 * (a peer answering a byte at a time, a ping-pong) doubles it, so such
 * waits are caught spinning, without a nap's latency; a wait that took more
 * naps (a stream's waiting side, whose peer needs a while to free or fill a
 * quarter ring) halves it, so such waits give the core up at once.
 * One value for the whole kernel: a stage's waits are mostly of one kind. */
#define CHAN_WAIT_SPIN_MIN_NS 20000ull
#define CHAN_WAIT_SPIN_MAX_NS 200000ull

static uint64_t spin_ns = CHAN_WAIT_SPIN_MAX_NS; /* from the top: a ping-pong starts (and stays) caught spinning */
/* Naps start at CHAN_WAIT_NAP_US and double up to CHAN_WAIT_NAP_MAX_US: a
 * 1 MiB ring streams in about a millisecond, so a side waiting on a
 * streaming peer wakes a few times per ring and never leaves it waiting
 * long, while one waiting on a slow peer wakes a few thousand times a
 * second rather than ten thousand. */
#define CHAN_WAIT_NAP_US 100u
#define CHAN_WAIT_NAP_MAX_US 400u

void chan_wait_turn(struct chan_wait *w)
{
    uint32_t tick_us;
    uint64_t now;
    int was_on;

    if (++w->turns % CHAN_WAIT_CLOCK_TURNS != 0) {
        cpu_relax();
        return;
    }
    tick_us = this_cpu()->tick_us;
    now = tsc_ns();
    if (w->since == 0)
        w->since = now;
    if (tick_us == 0 || spin_locks_held() || now - w->since < __atomic_load_n(&spin_ns, __ATOMIC_RELAXED)) {
        cpu_relax();
        return;
    }
    was_on = irq_save();
    if (tick_us > CHAN_WAIT_NAP_MAX_US && now - w->since < (uint64_t)tick_us * 1000) {
        w->nap_us = w->nap_us == 0 ? CHAN_WAIT_NAP_US : w->nap_us * 2 > CHAN_WAIT_NAP_MAX_US ? CHAN_WAIT_NAP_MAX_US : w->nap_us * 2;
        /* Interrupts are off from here to the halt, so the early tick
         * cannot come before it; the scheduler's tick handler takes it as
         * any tick (it preempts by time run, not by ticks counted). */
        arch_timer_start(w->nap_us);
        cpu_wait_for_interrupt(); /* returns with interrupts off */
        arch_timer_start(tick_us);
        sched_timer_rearm(); /* a thread's timed wait may be due before the next tick */
        w->turns = CHAN_WAIT_CLOCK_TURNS - 1; /* the next turn looks at the clock: nap again, no spin */
    } else
        cpu_wait_for_interrupt();
    irq_restore(was_on);
}

void chan_wait_done(const struct chan_wait *w)
{
    uint64_t waited, spin;

    if (w->since == 0)
        return; /* over within the first turns */
    waited = tsc_ns() - w->since;
    spin = __atomic_load_n(&spin_ns, __ATOMIC_RELAXED);
    /* Told apart by naps, not by the time waited: under TCG a 100 us nap
     * can take 200 us or more to end, so a wait the first nap ended would
     * look long and halve the spin that should have caught it. */
    if (w->nap_us == CHAN_WAIT_NAP_US)
        spin = spin * 2 > CHAN_WAIT_SPIN_MAX_NS ? CHAN_WAIT_SPIN_MAX_NS : spin * 2;
    else if (waited > CHAN_WAIT_SPIN_MAX_NS)
        spin = spin / 2 < CHAN_WAIT_SPIN_MIN_NS ? CHAN_WAIT_SPIN_MIN_NS : spin / 2;
    __atomic_store_n(&spin_ns, spin, __ATOMIC_RELAXED); /* a lost update between CPUs only delays the tuning */
}
