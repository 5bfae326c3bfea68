/* thread.c - thread life: create, start, exit, join.
 *
 * A thread's stack and struct are freed by its joiner, and only once the
 * thread has switched off its stack for the last time (off_cpu), which the
 * CPU that ran it signals right after the switch. */
#include "sched_internal.h"
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/x86.h>
#include <stdlib.h>
#include <string.h>

#define STACK_CANARY 0x6e61757469c0ffeeull
#define FPU_ALIGN 64

static long next_id = 2;        /* 0 is every idle loop, 1 is main */
static unsigned next_cpu = 1;   /* round-robin; the first thread avoids main's CPU */
static void (*exit_hook)(struct sched_thread *self);

/* The struct and its FPU area in one block: the area sits 64-aligned after it. */
static struct sched_thread *thread_alloc(unsigned cpu, long id)
{
    size_t head = (sizeof(struct sched_thread) + FPU_ALIGN - 1) & ~(size_t)(FPU_ALIGN - 1);
    char *raw = malloc(head + FPU_ALIGN + arch_fpu_area_size());
    struct sched_thread *t;

    if (!raw)
        return 0;
    t = (struct sched_thread *)raw;
    memset(t, 0, sizeof(*t));
    t->fpu = (void *)(((uintptr_t)raw + head + FPU_ALIGN - 1) & ~(uintptr_t)(FPU_ALIGN - 1));
    arch_fpu_area_init(t->fpu);
    t->id = id;
    t->cpu = cpu;
    t->state = T_RUNNING;
    t->lock = (struct spinlock)SPINLOCK_INIT("thread");
    return t;
}

struct sched_thread *thread_adopt(unsigned cpu, long id)
{
    struct sched_thread *t = thread_alloc(cpu, id);

    if (!t)
        panic("no memory for CPU %u's thread", cpu);
    return t;
}

struct sched_thread *thread_new(void *(*entry)(void *), void *arg, unsigned cpu, long id, size_t stack_size)
{
    struct sched_thread *t = thread_alloc(cpu, id);

    if (!t)
        return 0;
    t->stack_size = stack_size ? stack_size : SCHED_DEFAULT_STACK_SIZE;
    t->stack = malloc(t->stack_size);
    if (!t->stack) {
        free(t);
        return 0;
    }
    *(uint64_t *)t->stack = STACK_CANARY;
    t->entry = entry;
    t->arg = arg;
    t->rsp = arch_initial_rsp(t->stack, t->stack_size);
    return t;
}

static void thread_free(struct sched_thread *t)
{
    free(t->stack);
    free(t);
}

#ifdef DIVER_DEBUG
/* Threads have no guard page (they are too many for the small split-page
 * pool); debug builds at least notice the overflow at the thread's end. */
static void check_canary(struct sched_thread *t)
{
    if (t->stack && *(uint64_t *)t->stack != STACK_CANARY)
        panic("thread %ld overflowed its %zu KiB stack", t->id, t->stack_size >> 10);
}
#else
static void check_canary(struct sched_thread *t) { (void)t; }
#endif

static unsigned place(int cpu)
{
    if (cpu != SCHED_ANY_CPU)
        return (unsigned)cpu;
    return __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) % smp_cpu_count();
}

struct sched_thread *sched_thread_create(const struct sched_thread_spec *spec)
{
    struct sched_thread *t;

    if (spec->cpu != SCHED_ANY_CPU && (spec->cpu < 0 || (unsigned)spec->cpu >= smp_cpu_count()))
        return 0;
    t = thread_new(spec->entry, spec->arg, place(spec->cpu), __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED),
                   spec->stack_size);
    if (!t)
        return 0;
    t->fs_base = spec->fs_base;
    t->data = spec->data;
    t->state = T_BLOCKED; /* not yet queued: sched_wake makes it runnable */
    sched_wake(t);
    return t;
}

void sched_set_exit_hook(void (*hook)(struct sched_thread *self)) { exit_hook = hook; }

void sched_thread_exit(void *ret)
{
    struct sched_thread *self = sched_self(), *joiner;

    if (exit_hook)
        exit_hook(self);
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

/* First code of every created thread (from arch_thread_start). */
__attribute__((noreturn)) void sched_thread_entry(void)
{
    struct sched_thread *self;

    sched_finish_switch();
    self = sched_self();
    arch_fpu_restore(self->fpu);
    sched_thread_exit(self->entry(self->arg));
}

void *sched_thread_join(struct sched_thread *t)
{
    struct sched_thread *self = sched_self();
    void *ret;

    kassert(t != self);
    spin_lock(&t->lock);
    if (!t->done) {
        kassert(t->joiner == 0);
        /* BLOCKED before t can see us as its joiner (see waitq.c). */
        self->state = T_BLOCKED;
        t->joiner = self;
        spin_unlock(&t->lock);
        sched_block();
    } else {
        spin_unlock(&t->lock);
    }
    while (!__atomic_load_n(&t->off_cpu, __ATOMIC_ACQUIRE))
        cpu_relax(); /* its CPU is switching away from it right now */
    ret = t->ret;
    thread_free(t);
    return ret;
}

long sched_thread_id(const struct sched_thread *t) { return t->id; }
void *sched_thread_data(const struct sched_thread *t) { return t->data; }

void sched_set_fs_base(uintptr_t fs_base)
{
    sched_self()->fs_base = fs_base;
    arch_set_fs_base(fs_base);
}
