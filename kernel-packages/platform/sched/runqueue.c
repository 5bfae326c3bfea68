/* runqueue.c - one FIFO run queue per CPU and the switch between threads.
 *
 * Every operation here runs with interrupts off (a spinlock, or an
 * explicit irq_save), so the timer tick can only preempt a thread between
 * them. A thread is dequeued to run only by the CPU whose queue holds it;
 * another CPU moves a thread between queues only while the thread is off
 * every CPU (on_cpu clear) and not bound to one. So a thread woken before
 * it has switched out is requeued on its own CPU, which cannot pick it
 * until it has left its stack. */
#include "sched_internal.h"
#include <platform/arch.h>
#include <platform/cpu.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/tsc.h>

static struct sched_cpu cpus[PLATFORM_MAX_CPUS];

struct sched_cpu *sched_cpu(unsigned cpu) { return &cpus[cpu]; }
struct sched_thread *sched_self(void) { return this_cpu_thread(); }

static void enqueue(struct sched_cpu *c, struct sched_thread *t)
{
    thread_list_push(&c->head, &c->tail, t);
    __atomic_store_n(&c->queued, c->queued + 1, __ATOMIC_RELAXED);
}

static struct sched_thread *dequeue(struct sched_cpu *c)
{
    struct sched_thread *t = thread_list_pop(&c->head, &c->tail);

    if (t)
        __atomic_store_n(&c->queued, c->queued - 1, __ATOMIC_RELAXED);
    return t;
}

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

void sched_set_current(struct sched_cpu *c, struct sched_thread *t)
{
    struct percpu *p = this_cpu();

    c->current = t;
    t->on_cpu = 1;
    p->thread = t;
    p->thread_id = t->id;
    p->stack_guard = t->guard;
    p->entry_stack = t->entry_stack;
    p->entry_depth = t->entry_depth;
}

/* In the context just switched to, on whichever CPU that is now: the
 * thread switched away from has left its stack. */
void sched_finish_switch(void)
{
    struct sched_cpu *c = &cpus[cpu_index()];
    struct sched_thread *prev = c->prev;
    int reap;

    c->prev = 0;
    if (!prev)
        return;
    /* Read before on_cpu clears: from then on a joiner may free prev. */
    reap = prev->reap;
    __atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
    if (reap)
        thread_release(prev); /* a detached thread that exited: nobody else will */
}

/* Set by kernels whose threads enter the scheduler only through calls
 * (and the tick): their voluntary switches need not keep the AVX halves. */
static int switch_by_call;

void sched_set_switch_by_call(void) { switch_by_call = 1; }

/* `preempted`: called from the tick's interrupt, in the middle of the
 * thread's code rather than at a call. */
static void switch_away(int preempted)
{
    int irq = irq_save();
    struct sched_cpu *c = &cpus[cpu_index()];
    struct sched_thread *cur = c->current, *next;

    spin_lock(&c->lock);
    next = pick_next(c, cur);
    if (next) {
        c->prev = cur;
        c->slice_start = arch_cycles();
        cur->entry_depth = this_cpu()->entry_depth;
        sched_set_current(c, next);
    }
    spin_unlock(&c->lock);
    if (next) {
        /* An exiting thread never comes back, and the idle loop is plain C
         * that is never preempted (sched_tick): neither has FPU state to keep. */
        int keep_fpu = cur->state != T_EXITED && cur != c->idle;
        int with_vectors = preempted || !switch_by_call;

        paging_sync_cpu(); /* guard pages another CPU unmapped */
        if (next->fs_base != cur->fs_base)
            arch_set_fs_base(next->fs_base);
        if (keep_fpu)
            arch_fpu_save(cur->fpu, with_vectors);
        arch_switch(&cur->rsp, next->rsp);
        if (keep_fpu)
            arch_fpu_restore(cur->fpu, with_vectors); /* back in cur, maybe on another CPU */
        sched_finish_switch();
    }
    irq_restore(irq);
}

void sched_switch(void) { switch_away(0); }

void sched_thread_yield(void) { sched_switch(); }

void sched_block(void)
{
    sched_switch(); /* the caller's state is BLOCKED: it stays off the queue */
}

/* Threads running or ready on the CPU; read without its lock, as a hint. */
unsigned sched_cpu_load(unsigned cpu)
{
    const struct sched_cpu *c = &cpus[cpu];

    return __atomic_load_n(&c->queued, __ATOMIC_RELAXED) +
           (__atomic_load_n(&c->current, __ATOMIC_RELAXED) != c->idle);
}

int sched_ready_waiting(void) { return __atomic_load_n(&cpus[cpu_index()].queued, __ATOMIC_RELAXED) != 0; }

/* Where a woken thread should run: its own CPU unless that one is busy
 * and another is idle (then the idle one runs it at once, no stealing
 * round trip). Bound threads and threads still on their CPU stay put. */
static unsigned wake_target(const struct sched_thread *t)
{
    unsigned n = smp_cpu_count(), i, cpu;

    if (t->bound || t->on_cpu || !sched_cpu_load(t->cpu))
        return t->cpu;
    for (i = 1; i < n; i++) {
        cpu = (t->cpu + i) % n;
        if (!sched_cpu_load(cpu))
            return cpu;
    }
    return t->cpu;
}

/* Locks the run queue t belongs to; t->cpu may change until we hold it. */
static struct sched_cpu *lock_queue_of(struct sched_thread *t)
{
    for (;;) {
        unsigned cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        struct sched_cpu *c = &cpus[cpu];

        spin_lock(&c->lock);
        if (__atomic_load_n(&t->cpu, __ATOMIC_RELAXED) == cpu)
            return c;
        spin_unlock(&c->lock);
    }
}

static void kick(unsigned cpu)
{
    /* Pairs with the idle loop's store of `sleeping` before its queue
     * check. A polling CPU is not sleeping and sees its queue by itself. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (cpu != cpu_index() && __atomic_load_n(&cpus[cpu].sleeping, __ATOMIC_RELAXED))
        arch_wake_cpu(cpu);
}

/* Two threads wait on `busy`: wake one halted CPU so it steals one
 * (polling CPUs look by themselves). */
static void kick_a_sleeper(unsigned busy)
{
    unsigned n = smp_cpu_count(), i, cpu;

    for (i = 1; i < n; i++) {
        cpu = (busy + i) % n;
        if (__atomic_load_n(&cpus[cpu].sleeping, __ATOMIC_RELAXED)) {
            kick(cpu);
            return;
        }
    }
}

/* Makes a blocked thread runnable: on its own CPU, or on an idle one
 * when `may_move` and its own is busy. */
static void make_runnable(struct sched_thread *t, int may_move)
{
    int irq = irq_save();
    struct sched_cpu *c = lock_queue_of(t);
    unsigned target;

    if (t->state != T_BLOCKED) {
        spin_unlock(&c->lock);
        irq_restore(irq);
        return;
    }
    t->state = T_RUNNABLE; /* ours to place: other wakers now leave it alone */
    target = may_move ? wake_target(t) : t->cpu;
    if (target != t->cpu) {
        spin_unlock(&c->lock);
        c = &cpus[target];
        spin_lock(&c->lock);
        __atomic_store_n(&t->cpu, target, __ATOMIC_RELEASE);
    }
    enqueue(c, t);
    spin_unlock(&c->lock);
    kick(target);
    if (__atomic_load_n(&c->queued, __ATOMIC_RELAXED) >= 2)
        kick_a_sleeper(target);
    irq_restore(irq);
}

void sched_wake(struct sched_thread *t) { make_runnable(t, 1); }

/* A new thread starts where thread_place (or its creator) put it. */
void sched_start_new(struct sched_thread *t) { make_runnable(t, 0); }

/* The first thread in v's queue that may move: not bound, off every CPU. */
static struct sched_thread *take_movable(struct sched_cpu *v)
{
    struct sched_thread *t, *prev = 0;

    for (t = v->head; t; prev = t, t = t->next) {
        if (t->bound || __atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
            continue;
        if (prev)
            prev->next = t->next;
        else
            v->head = t->next;
        if (v->tail == t)
            v->tail = prev;
        __atomic_store_n(&v->queued, v->queued - 1, __ATOMIC_RELAXED);
        return t;
    }
    return 0;
}

/* Moves one movable thread from `from`'s queue to `to`'s; 1 if it did. */
static int migrate_one(unsigned from, unsigned to)
{
    struct sched_cpu *v = &cpus[from];
    struct sched_thread *t;

    spin_lock(&v->lock);
    t = take_movable(v);
    if (t)
        __atomic_store_n(&t->cpu, to, __ATOMIC_RELEASE);
    spin_unlock(&v->lock);
    if (!t)
        return 0; /* RUNNABLE and in no queue until here: wakers leave it alone */
    spin_lock(&cpus[to].lock);
    enqueue(&cpus[to], t);
    spin_unlock(&cpus[to].lock);
    return 1;
}

/* Called by an idle CPU: takes a ready thread from a CPU with two or more
 * waiting, so no CPU idles while another has two ready threads. One thread
 * waiting behind a running one stays: it is where placement put it (e.g.
 * on its creator's CPU, to run when the creator blocks in join), and the
 * next tick of its CPU hands it to a lighter one. */
int sched_steal(void)
{
    unsigned me = cpu_index(), n = smp_cpu_count(), i, cpu;
    struct sched_cpu *v;

    for (i = 1; i < n; i++) {
        cpu = (me + i) % n;
        v = &cpus[cpu];
        if (__atomic_load_n(&v->queued, __ATOMIC_RELAXED) < 2)
            continue;
        if (migrate_one(cpu, me))
            return 1;
    }
    return 0;
}

/* At a tick, a CPU with two threads more than another (running + ready)
 * hands it one, so threads sharing the machine get equal shares of it:
 * stealing alone evens out idle time, not shares. */
static void push_to_lighter(void)
{
    unsigned me = cpu_index(), n = smp_cpu_count(), mine = sched_cpu_load(me), i, cpu;

    if (mine < 2)
        return;
    for (i = 1; i < n; i++) {
        cpu = (me + i) % n;
        if (sched_cpu_load(cpu) + 2 <= mine) {
            if (migrate_one(me, cpu))
                kick(cpu);
            return;
        }
    }
}

/* The APIC timer, every time slice on every CPU, and at the deadlines of
 * timed waits (timer.c) between ticks. A thread that has run
 * at least half a slice yields to the next ready one (one switched in at
 * a tick runs one slice; one switched in between ticks, half to one and a
 * half). Interrupts being on here means the thread held no spinlock and
 * had not disabled them. */
void sched_tick(unsigned vector)
{
    struct sched_cpu *c = &cpus[cpu_index()];
    uint32_t slice = sched_timeslice_us();
    unsigned woke;

    (void)vector;
    if (c->tick_us != slice) { /* the options changed it after this CPU started */
        c->tick_us = slice;
        arch_timer_start(slice);
        c->timer_once = 0;
    }
#ifdef DIVER_DEBUG
    if (spin_locks_held())
        panic("scheduler tick on CPU %u while it holds %u spinlock(s): interrupts were enabled inside a lock",
              cpu_index(), spin_locks_held());
#endif
    woke = sched_timers_expire(c); /* the interrupt may be a deadline's rather than the tick */
    if (c->current == c->idle)
        return; /* the idle loop looks for work by itself */
    push_to_lighter();
    /* A thread whose sleep ended gets the CPU now, as Linux's wake-up
     * preemption gives it: a sleeper runs briefly, and waiting out the
     * rest of a compute thread's slice would make every sleep a slice. */
    if (!woke && arch_cycles() - c->slice_start < tsc_hz() / 1000000 * (slice / 2))
        return;
    if (c->current->state == T_RUNNING && __atomic_load_n(&c->queued, __ATOMIC_RELAXED))
        switch_away(1);
}
