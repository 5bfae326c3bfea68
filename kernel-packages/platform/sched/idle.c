/* idle.c - each CPU's idle loop, and bringing the scheduler up on a CPU.
 *
 * A CPU without work first tries to steal some, then (idle=poll) polls
 * its queue for a bounded time, then sleeps in hlt until a wake-up IPI or
 * its timer tick. Only a sleeping CPU needs an IPI to notice new work, so
 * a hand-off to a polling CPU costs a store and a cache miss, not an
 * interrupt (an IPI under TCG is a host thread hand-off). */
#include "sched_internal.h"
#include <platform/arch.h>
#include <platform/irq.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/tsc.h>

static int has_work(struct sched_cpu *c)
{
    return __atomic_load_n(&c->queued, __ATOMIC_ACQUIRE) != 0 || sched_steal();
}

static void poll_for_work(struct sched_cpu *c)
{
    uint64_t end = tsc_ns() + sched_idle_poll_ns();

    while (!has_work(c) && tsc_ns() < end)
        cpu_relax();
}

static void sleep_for_work(struct sched_cpu *c)
{
    __atomic_store_n(&c->sleeping, 1, __ATOMIC_SEQ_CST);
    if (!has_work(c))
        cpu_wait_for_interrupt();
    __atomic_store_n(&c->sleeping, 0, __ATOMIC_RELAXED);
}

/* Runs with interrupts off; they are only on inside hlt. */
void sched_idle_loop(void)
{
    struct sched_cpu *c = sched_cpu(cpu_index());

    irq_disable();
    for (;;) {
        if (!has_work(c)) {
            if (sched_idle_polls())
                poll_for_work(c);
            if (!has_work(c))
                sleep_for_work(c);
        }
        sched_switch();
    }
}

static void *idle_thread_fn(void *unused)
{
    (void)unused;
    sched_idle_loop();
}

void sched_init(void)
{
    unsigned i;

    for (i = 0; i < PLATFORM_MAX_CPUS; i++) {
        sched_cpu(i)->lock = (struct spinlock)SPINLOCK_INIT("run queue");
        sched_cpu(i)->timer_lock = (struct spinlock)SPINLOCK_INIT("timers");
    }
    irq_set_handler(VECTOR_TIMER, sched_tick);
    /* The boot context becomes main. */
    sched_set_current(sched_cpu(0), thread_adopt(0, SCHED_MAIN_THREAD_ID));
}

static void start_tick(struct sched_cpu *c)
{
    c->tick_us = sched_timeslice_us();
    arch_timer_start(c->tick_us);
}

/* The boot CPU's idle loop needs a stack of its own: the boot context is
 * main's. From here on main runs with interrupts on, preemptible. */
void sched_boot_cpu_ready(void)
{
    struct sched_cpu *c = sched_cpu(0);

    c->idle = thread_new(idle_thread_fn, 0, 0, SCHED_IDLE_THREAD_ID, 0);
    if (!c->idle)
        panic("no memory for the idle thread");
    c->idle->bound = 1;
    c->idle->state = T_RUNNING; /* never queued: picked when nothing else is */
    start_tick(c);
    irq_enable();
}

void sched_ap_main(unsigned cpu)
{
    struct sched_cpu *c = sched_cpu(cpu);

    c->idle = thread_adopt(cpu, SCHED_IDLE_THREAD_ID);
    sched_set_current(c, c->idle);
    start_tick(c);
    sched_idle_loop();
}
