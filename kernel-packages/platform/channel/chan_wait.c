/* chan_wait.c - how a kernel waits for its channel peer.
 *
 * The host side of a ring is a relay thread, and nothing interrupts the
 * guest when it moves, so the guest polls. Under TCG a polling vCPU is a
 * busy host thread, which on a host with fewer cores than busy stages
 * takes a core from a stage that computes. So a wait spins for one period
 * of the CPU's timer (a peer that streams answers well within it, and the
 * spin costs no more than the sleep it avoids), then halts until each
 * next tick: a long wait costs at most one extra tick of latency, and the
 * vCPU's host thread sleeps meanwhile.
 *
 * It halts only where an interrupt can end the halt and nothing forbids
 * one: a timer runs on this CPU (the diver-kernel template starts none),
 * and the CPU holds no spinlock (interrupts stay off inside a lock). */
#include "chan_wait.h"
#include <platform/arch.h>
#include <platform/percpu.h>
#include <platform/spinlock.h>
#include <platform/tsc.h>

/* Most turns are a bare pause: a peer that streams is answered sooner when
 * the loop reads no clock (under TCG every instruction of it counts). */
#define CHAN_WAIT_CLOCK_TURNS 64

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
    if (tick_us == 0 || spin_locks_held() || now - w->since < (uint64_t)tick_us * 1000) {
        cpu_relax();
        return;
    }
    was_on = irq_save();
    cpu_wait_for_interrupt(); /* returns with interrupts off */
    irq_restore(was_on);
}
