/* sched.c - one FIFO run queue per CPU, cooperative switching, and the
 * idle loop that sleeps in hlt until a wake-up IPI or the APIC timer.
 *
 * A thread is only ever run by its own CPU, so only that CPU dequeues
 * from a queue; other CPUs only enqueue (sched_wake). That keeps the
 * classic sleep/wake race simple: a thread woken before it has switched
 * out is already RUNNABLE and queued when its own sched_switch looks. */
#include "sched.h"
#include <platform/irq.h>
#include <platform/lapic.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/x86.h>

static struct sched_cpu cpus[PLATFORM_MAX_CPUS];

struct sched_cpu *sched_cpu(unsigned cpu) { return &cpus[cpu]; }
struct nk_thread *sched_current(void) { return cpus[cpu_index()].current; }

static void enqueue(struct sched_cpu *c, struct nk_thread *t) { thread_list_push(&c->head, &c->tail, t); }
static struct nk_thread *dequeue(struct sched_cpu *c) { return thread_list_pop(&c->head, &c->tail); }

/* Picks what runs next on c; NULL means "keep running the current one". */
static struct nk_thread *pick_next(struct sched_cpu *c, struct nk_thread *cur)
{
    struct nk_thread *next;

    if (cur->state == T_RUNNING && cur != c->idle) {
        cur->state = T_RUNNABLE; /* a yield: back of the queue */
        enqueue(c, cur);
    }
    next = dequeue(c);
    if (!next)
        next = cur->state == T_RUNNING ? cur : c->idle;
    next->state = T_RUNNING;
    return next == cur ? 0 : next;
}

void sched_finish_switch(void)
{
    struct sched_cpu *c = &cpus[cpu_index()];
    struct nk_thread *prev = c->prev;

    this_cpu()->thread_id = c->current->id;
    if (prev && prev->state == T_EXITED)
        __atomic_store_n(&prev->off_cpu, 1, __ATOMIC_RELEASE);
    c->prev = 0;
}

void sched_switch(void)
{
    struct sched_cpu *c = &cpus[cpu_index()];
    struct nk_thread *cur = c->current, *next;

    spin_lock(&c->lock);
    next = pick_next(c, cur);
    if (next) {
        c->current = next;
        c->prev = cur;
    }
    spin_unlock(&c->lock);
    if (!next)
        return;
    nk_switch(&cur->rsp, next->rsp);
    sched_finish_switch();
}

void sched_wake(struct nk_thread *t)
{
    struct sched_cpu *c = &cpus[t->cpu];

    spin_lock(&c->lock);
    if (t->state == T_BLOCKED) {
        t->state = T_RUNNABLE;
        enqueue(c, t);
    }
    spin_unlock(&c->lock);
    /* Pairs with the idle loop's store of `sleeping` before its queue check. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (t->cpu != cpu_index() && __atomic_load_n(&c->sleeping, __ATOMIC_RELAXED))
        lapic_send_ipi(smp_apic_id(t->cpu), VECTOR_WAKEUP);
}

static __attribute__((noreturn)) void idle_loop(void)
{
    struct sched_cpu *c = &cpus[cpu_index()];

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
    idle_loop();
}

void sched_init(void)
{
    unsigned i;

    for (i = 0; i < PLATFORM_MAX_CPUS; i++)
        cpus[i].lock = (struct spinlock)SPINLOCK_INIT("run queue");
    cpus[0].current = thread_adopt(0, 1); /* the boot context becomes main */
    this_cpu()->thread_id = 1;
}

void sched_boot_cpu_ready(void)
{
    cpus[0].idle = thread_create(idle_thread_fn, 0, 0, 0);
    if (!cpus[0].idle)
        panic("no memory for the idle thread");
    cpus[0].idle->state = T_RUNNING; /* never queued: picked when nothing else is */
    lapic_timer_start(IDLE_PERIOD_US);
}

void sched_ap_main(unsigned cpu)
{
    struct sched_cpu *c = &cpus[cpu];

    c->idle = c->current = thread_adopt(cpu, 0);
    this_cpu()->thread_id = 0;
    lapic_timer_start(IDLE_PERIOD_US);
    idle_loop();
}
