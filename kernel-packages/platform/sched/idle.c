/* idle.c - what a CPU runs when no thread is ready: sleep in hlt until a
 * wake-up IPI (sched_wake) or the APIC timer, then look again. */
#include "sched_internal.h"
#include <platform/lapic.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/x86.h>

void sched_idle_loop(void)
{
    struct sched_cpu *c = sched_cpu(cpu_index());

    for (;;) {
        __atomic_store_n(&c->sleeping, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&c->head, __ATOMIC_SEQ_CST))
            cpu_wait_for_interrupt();
        __atomic_store_n(&c->sleeping, 0, __ATOMIC_RELAXED);
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

    for (i = 0; i < PLATFORM_MAX_CPUS; i++)
        sched_cpu(i)->lock = (struct spinlock)SPINLOCK_INIT("run queue");
    sched_cpu(0)->current = thread_adopt(0, SCHED_MAIN_THREAD_ID); /* the boot context becomes main */
    this_cpu()->thread_id = SCHED_MAIN_THREAD_ID;
}

/* The boot CPU's idle loop needs a stack of its own: the boot context is main's. */
void sched_boot_cpu_ready(void)
{
    struct sched_cpu *c = sched_cpu(0);

    c->idle = thread_new(idle_thread_fn, 0, 0, SCHED_IDLE_THREAD_ID, 0);
    if (!c->idle)
        panic("no memory for the idle thread");
    c->idle->state = T_RUNNING; /* never queued: picked when nothing else is */
    lapic_timer_start(IDLE_PERIOD_US);
}

void sched_ap_main(unsigned cpu)
{
    struct sched_cpu *c = sched_cpu(cpu);

    c->idle = c->current = thread_adopt(cpu, SCHED_IDLE_THREAD_ID);
    this_cpu()->thread_id = SCHED_IDLE_THREAD_ID;
    lapic_timer_start(IDLE_PERIOD_US);
    sched_idle_loop();
}
