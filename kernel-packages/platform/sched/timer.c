/* timer.c - timed waits: a blocked thread that the clock wakes as well.
 *
 * Each CPU keeps the deadlines of the threads that blocked on it, soonest
 * first. The CPU's timer ticks once per time slice; when a deadline comes
 * before the next tick, the timer is set to fire once at that deadline
 * instead, and the tick's period comes back at that interrupt. So a sleep
 * ends within the timer's latency of its deadline rather than at the next
 * tick (a whole 10 ms slice by default), and the sleeper leaves its CPU to
 * other threads, or to the idle loop's halt, meanwhile.
 *
 * A deadline lives on the sleeper's stack, and only the CPU it was queued
 * on fires it, under that CPU's timer lock: the sleeper takes the same lock
 * to withdraw it once awake, so a deadline is never fired at a thread that
 * has moved on to another wait. Lock order: timer lock, then run queues. */
#include "sched_internal.h"
#include <platform/arch.h>
#include <platform/tsc.h>

/* A wait shorter than this spins: blocking, the interrupt and the switch
 * back cost more than that under TCG. */
#define SCHED_SLEEP_SPIN_NS 20000ull

struct sched_timer {
    uint64_t deadline;            /* tsc_ns() */
    struct sched_thread *thread;
    struct sched_timer *next;
    unsigned cpu;                 /* whose list holds it */
    int fired;
};

static void timer_insert(struct sched_cpu *c, struct sched_timer *tm)
{
    struct sched_timer **p = &c->timers;

    while (*p && (*p)->deadline <= tm->deadline)
        p = &(*p)->next;
    tm->next = *p;
    *p = tm;
}

static void timer_unlink(struct sched_cpu *c, struct sched_timer *tm)
{
    struct sched_timer **p;

    for (p = &c->timers; *p; p = &(*p)->next)
        if (*p == tm) {
            *p = tm->next;
            return;
        }
}

/* On c's own CPU, its timer lock held: fire once at the soonest deadline
 * if it comes before the next tick, else tick by the period again. */
static void timer_program(struct sched_cpu *c)
{
    uint64_t now = tsc_ns(), period_ns = (uint64_t)c->tick_us * 1000, wait_ns;

    if (c->tick_us == 0)
        return; /* no tick runs here: sched_sleep_until spins instead */
    if (c->timers && c->timers->deadline < now + period_ns) {
        wait_ns = c->timers->deadline > now ? c->timers->deadline - now : 0;
        arch_timer_once((uint32_t)((wait_ns + 999) / 1000));
        c->timer_once = 1;
    } else if (c->timer_once) {
        arch_timer_start(c->tick_us);
        c->timer_once = 0;
    }
}

/* The timer's interrupt, on this CPU: wakes the threads whose deadline
 * passed and sets the timer for the next one. */
unsigned sched_timers_expire(struct sched_cpu *c)
{
    uint64_t now = tsc_ns();
    struct sched_timer *tm;
    unsigned woke = 0;

    spin_lock(&c->timer_lock);
    while ((tm = c->timers) && tm->deadline <= now) {
        c->timers = tm->next;
        tm->fired = 1;
        sched_wake(tm->thread); /* no effect if something else woke it first */
        woke++;
    }
    timer_program(c);
    spin_unlock(&c->timer_lock);
    return woke;
}

void sched_timer_rearm(void)
{
    struct sched_cpu *c = sched_cpu(cpu_index());

    spin_lock(&c->timer_lock);
    c->timer_once = 0; /* the caller put the period back */
    timer_program(c);
    spin_unlock(&c->timer_lock);
}

/* Blocks the caller until a waker or the deadline; 1 if the deadline woke
 * it. `mark_blocked`: the caller is on no wait queue, so nothing has
 * marked it blocked yet (done here, before the timer can see it). */
static int block_until(uint64_t deadline, int mark_blocked)
{
    struct sched_timer tm = { .deadline = deadline, .thread = sched_self() };
    int irq = irq_save(); /* stay on this CPU until the deadline is in its list */
    struct sched_cpu *c = sched_cpu(cpu_index());

    tm.cpu = cpu_index();
    spin_lock(&c->timer_lock);
    if (mark_blocked)
        tm.thread->state = T_BLOCKED;
    timer_insert(c, &tm);
    if (c->timers == &tm)
        timer_program(c);
    spin_unlock(&c->timer_lock);
    irq_restore(irq);
    sched_block();
    /* Awake, maybe on another CPU: withdraw the deadline unless it fired. A
     * one-shot it had set fires early and harmlessly (the tick reprograms). */
    c = sched_cpu(tm.cpu);
    spin_lock(&c->timer_lock);
    if (!tm.fired)
        timer_unlink(c, &tm);
    spin_unlock(&c->timer_lock);
    return tm.fired;
}

int sched_block_until(uint64_t deadline_ns) { return block_until(deadline_ns, 0); }

/* Spins where no tick runs (the boot CPU before the scheduler starts it):
 * nothing would end the block there. */
void sched_sleep_until(uint64_t deadline_ns)
{
    while (tsc_ns() + SCHED_SLEEP_SPIN_NS < deadline_ns &&
           __atomic_load_n(&sched_cpu(cpu_index())->tick_us, __ATOMIC_RELAXED) != 0)
        block_until(deadline_ns, 1);
    while (tsc_ns() < deadline_ns)
        cpu_relax();
}
