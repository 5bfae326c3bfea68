/* thread.c - the thread API of nautilus/threads.h: launch, join, exit.
 *
 * A thread's stack and struct are freed by its joiner, and only once the
 * thread has switched off its stack for the last time (off_cpu), which the
 * CPU that ran it signals right after the switch. */
#include "sched.h"
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/tsc.h>
#include <platform/x86.h>
#include <stdlib.h>
#include <string.h>

#define STACK_CANARY 0x6e61757469c0ffeeull

static long next_id = 2;        /* 1 is main */
static unsigned next_cpu = 1;   /* round-robin; the first thread avoids main's CPU */

static struct nk_thread *thread_alloc(unsigned cpu, long id)
{
    struct nk_thread *t = calloc(1, sizeof(*t));

    if (!t)
        return 0;
    t->id = id;
    t->cpu = cpu;
    t->state = T_RUNNING;
    t->lock = (struct spinlock)SPINLOCK_INIT("thread");
    return t;
}

struct nk_thread *thread_adopt(unsigned cpu, long id)
{
    struct nk_thread *t = thread_alloc(cpu, id);

    if (!t)
        panic("no memory for CPU %u's thread", cpu);
    return t;
}

/* The new stack "returns" from nk_switch into nk_thread_start: six
 * callee-saved registers (zero), then the return address. */
static void stack_prepare(struct nk_thread *t)
{
    uint64_t *top = (uint64_t *)(((uintptr_t)t->stack + THREAD_STACK_SIZE) & ~15ull);

    *(uint64_t *)t->stack = STACK_CANARY;
    *--top = 0;
    *--top = (uintptr_t)nk_thread_start;
    top -= 6;
    memset(top, 0, 6 * sizeof(*top));
    t->rsp = (uintptr_t)top;
}

struct nk_thread *thread_create(void *(*fn)(void *), void *arg, unsigned cpu, long id)
{
    struct nk_thread *t = thread_alloc(cpu, id);

    if (!t)
        return 0;
    t->stack = malloc(THREAD_STACK_SIZE);
    if (!t->stack) {
        free(t);
        return 0;
    }
    t->fn = fn;
    t->arg = arg;
    stack_prepare(t);
    return t;
}

static void thread_free(struct nk_thread *t)
{
    free(t->stack);
    free(t);
}

#ifdef DIVER_DEBUG
/* Threads have no guard page (they are too many for the small split-page
 * pool); debug builds at least notice the overflow at the thread's end. */
static void check_canary(struct nk_thread *t)
{
    if (t->stack && *(uint64_t *)t->stack != STACK_CANARY)
        panic("thread %ld overflowed its %u KiB stack", t->id, THREAD_STACK_SIZE >> 10);
}
#else
static void check_canary(struct nk_thread *t) { (void)t; }
#endif

void kernel_exit_thread(void *ret)
{
    struct nk_thread *self = sched_current(), *joiner;

    if (self->id == 1)
        exit((int)(intptr_t)ret); /* main's end is the app's end */
    check_canary(self);
    spin_lock(&self->lock);
    self->ret = ret;
    self->done = 1;
    joiner = self->joiner;
    spin_unlock(&self->lock);
    if (joiner)
        sched_wake(joiner);
    self->state = T_EXITED;
    sched_switch();
    panic("exited thread %ld was scheduled again", self->id);
}

/* First code of every created thread (from nk_thread_start). */
__attribute__((noreturn)) void nk_thread_entry(void)
{
    struct nk_thread *self;

    sched_finish_switch();
    self = sched_current();
    kernel_exit_thread(self->fn(self->arg));
}

kernel_thread_t kernel_launch_thread_on(void *(*fn)(void *), void *arg, int cpu)
{
    struct nk_thread *t;

    if (cpu < 0 || (unsigned)cpu >= smp_cpu_count())
        return 0;
    t = thread_create(fn, arg, (unsigned)cpu, __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED));
    if (!t)
        return 0;
    t->state = T_BLOCKED; /* not yet queued: sched_wake makes it runnable */
    sched_wake(t);
    return t;
}

kernel_thread_t kernel_launch_thread(void *(*fn)(void *), void *arg)
{
    unsigned n = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED);

    return kernel_launch_thread_on(fn, arg, (int)(n % smp_cpu_count()));
}

void *kernel_join_thread(kernel_thread_t t)
{
    struct nk_thread *self = sched_current();
    void *ret;

    kassert(t != self);
    spin_lock(&t->lock);
    if (!t->done) {
        kassert(t->joiner == 0);
        /* BLOCKED before t can see us as its joiner (see waitq.c). */
        self->state = T_BLOCKED;
        t->joiner = self;
        spin_unlock(&t->lock);
        sched_switch();
    } else {
        spin_unlock(&t->lock);
    }
    while (!__atomic_load_n(&t->off_cpu, __ATOMIC_ACQUIRE))
        cpu_relax(); /* its CPU is switching away from it right now */
    ret = t->ret;
    thread_free(t);
    return ret;
}

void kernel_yield(void)
{
    sched_switch();
}

int kernel_cpu_id(void) { return (int)cpu_index(); }
int kernel_num_cpus(void) { return (int)smp_cpu_count(); }
long kernel_thread_id(void) { return sched_current()->id; }
uint64_t kernel_time_ns(void) { return tsc_ns(); }
