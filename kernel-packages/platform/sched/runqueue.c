/* runqueue.c - one FIFO run queue per CPU and the switch between threads.
 *
 * A thread is only ever run by its own CPU, so only that CPU dequeues
 * from a queue; other CPUs only enqueue (sched_wake). That keeps the
 * classic sleep/wake race simple: a thread woken before it has switched
 * out is already RUNNABLE and queued when its own sched_switch looks. */
#include "sched_internal.h"
#include <platform/irq.h>
#include <platform/lapic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/x86.h>

static struct sched_cpu cpus[PLATFORM_MAX_CPUS];

struct sched_cpu *sched_cpu(unsigned cpu) { return &cpus[cpu]; }
struct sched_thread *sched_self(void) { return cpus[cpu_index()].current; }

static void enqueue(struct sched_cpu *c, struct sched_thread *t) { thread_list_push(&c->head, &c->tail, t); }
static struct sched_thread *dequeue(struct sched_cpu *c) { return thread_list_pop(&c->head, &c->tail); }

/* Picks what runs next on c; NULL means "keep running the current one". */
static struct sched_thread *pick_next(struct sched_cpu *c, struct sched_thread *cur)
{
    struct sched_thread *next;

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
    struct sched_thread *prev = c->prev;

    this_cpu()->thread_id = c->current->id;
    if (prev && prev->state == T_EXITED)
        __atomic_store_n(&prev->off_cpu, 1, __ATOMIC_RELEASE);
    c->prev = 0;
}

void sched_switch(void)
{
    struct sched_cpu *c = &cpus[cpu_index()];
    struct sched_thread *cur = c->current, *next;

    spin_lock(&c->lock);
    next = pick_next(c, cur);
    if (next) {
        c->current = next;
        c->prev = cur;
    }
    spin_unlock(&c->lock);
    if (!next)
        return;
    if (next->fs_base != cur->fs_base)
        arch_set_fs_base(next->fs_base);
    arch_fpu_save(cur->fpu);
    arch_switch(&cur->rsp, next->rsp);
    arch_fpu_restore(cur->fpu);
    sched_finish_switch();
}

void sched_thread_yield(void) { sched_switch(); }

void sched_block(void)
{
    sched_switch(); /* the caller's state is BLOCKED: it stays off the queue */
}

void sched_wake(struct sched_thread *t)
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
