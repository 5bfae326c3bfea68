/* thread.c - thread life: create, place, start, exit, join.
 *
 * A thread's memory is released by its joiner (or, detached, by the
 * context switched to after its exit), and only once the thread has left
 * its stack for the last time (on_cpu clear), which that context signals. Released threads of the default stack size
 * are kept (struct, FPU area, stack and its guard page together) for the
 * next create: a create+join loop then touches neither the heap nor the
 * page tables. */
#include "sched_internal.h"
#include <platform/arch.h>
#include <platform/kmem.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <string.h>

#define FPU_ALIGN 64
#define CACHE_MAX 64

static long next_id = 2;        /* 0 is every idle loop, 1 is main */
static unsigned next_cpu = 1;   /* where the search for the least-loaded CPU starts */
static void (*exit_hook)(struct sched_thread *self);

static struct spinlock cache_lock = SPINLOCK_INIT("thread cache");
static struct sched_thread *cache;
static unsigned cached;

static size_t thread_head_size(void)
{
    return (sizeof(struct sched_thread) + FPU_ALIGN - 1) & ~(size_t)(FPU_ALIGN - 1);
}

/* The struct and its FPU area in one block: the area sits 64-aligned after it. */
static size_t thread_block_size(void) { return thread_head_size() + FPU_ALIGN + arch_fpu_area_size(); }

static void thread_free(struct sched_thread *t) { kmem_free(t, thread_block_size()); }

static struct sched_thread *thread_alloc(void)
{
    size_t head = thread_head_size();
    char *raw = kmem_alloc(thread_block_size());
    struct sched_thread *t;

    if (!raw)
        return 0;
    t = (struct sched_thread *)raw;
    memset(t, 0, sizeof(*t));
    t->fpu = (void *)(((uintptr_t)raw + head + FPU_ALIGN - 1) & ~(uintptr_t)(FPU_ALIGN - 1));
    arch_fpu_area_clear(t->fpu);
    return t;
}

/* A fresh identity on a struct that is new or came from the cache. */
static void thread_reset(struct sched_thread *t, unsigned cpu, long id)
{
    void *fpu = t->fpu, *block = t->stack_block;
    uintptr_t guard = t->guard;
    size_t size = t->stack_size;

    memset(t, 0, sizeof(*t));
    t->fpu = fpu;
    t->stack_block = block;
    t->guard = guard;
    t->stack_size = size;
    t->id = id;
    t->cpu = cpu;
    t->state = T_RUNNING;
    t->lock = (struct spinlock)SPINLOCK_INIT("thread");
}

struct sched_thread *thread_adopt(unsigned cpu, long id)
{
    struct sched_thread *t = thread_alloc();

    if (!t)
        panic("no memory for CPU %u's thread", cpu);
    thread_reset(t, cpu, id);
    t->bound = 1; /* a CPU's boot context stays on it */
    t->entry_stack = this_cpu()->entry_stack; /* and keeps the entry block it has */
    t->entry_depth = this_cpu()->entry_depth;
    return t;
}

static struct sched_thread *cache_take(void)
{
    struct sched_thread *t;

    spin_lock(&cache_lock);
    t = cache;
    if (t) {
        cache = t->next;
        cached--;
    }
    spin_unlock(&cache_lock);
    return t;
}

static struct sched_thread *thread_with_stack(size_t stack_size)
{
    struct sched_thread *t = stack_size == SCHED_DEFAULT_STACK_SIZE ? cache_take() : 0;

    if (t)
        return t;
    t = thread_alloc();
    if (!t)
        return 0;
    t->stack_size = stack_size;
    t->stack_block = stack_alloc(stack_size, &t->guard);
    if (!t->stack_block) {
        thread_free(t);
        return 0;
    }
    return t;
}

void thread_release(struct sched_thread *t)
{
    if (t->stack_size == SCHED_DEFAULT_STACK_SIZE) {
        spin_lock(&cache_lock);
        if (cached < CACHE_MAX) {
            t->next = cache;
            cache = t;
            cached++;
            t = 0;
        }
        spin_unlock(&cache_lock);
        if (!t)
            return;
    }
    stack_free(t->stack_block, t->guard, t->stack_size);
    thread_free(t);
}

struct sched_thread *thread_new(void *(*entry)(void *), void *arg, unsigned cpu, long id, size_t stack_size)
{
    struct sched_thread *t;

    stack_size = stack_size ? (stack_size + 15) & ~(size_t)15 : SCHED_DEFAULT_STACK_SIZE;
    t = thread_with_stack(stack_size);
    if (!t)
        return 0;
    thread_reset(t, cpu, id);
    t->entry = entry;
    t->arg = arg;
    t->rsp = arch_initial_rsp(stack_base(t->stack_block), t->stack_size);
    return t;
}

/* Load as a new thread sees it: the creator does not count on its own
 * CPU, because a creator usually waits for what it launches (fork-join,
 * the paper's Figure 1 loop), and then its CPU is as free as any. */
static unsigned load_seen_by_creator(unsigned cpu, unsigned creator_cpu)
{
    unsigned load = sched_cpu_load(cpu);

    return cpu == creator_cpu && load ? load - 1 : load;
}

/* The least-loaded CPU (running + ready threads); ties go round-robin, so
 * short threads launched one after another still spread over every CPU. */
unsigned thread_place(void)
{
    int irq = irq_save(); /* the creator's CPU, not one it migrates to */
    unsigned n = smp_cpu_count(), me = cpu_index(), start = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) % n;
    unsigned best = start, best_load = load_seen_by_creator(start, me), i, cpu, load;

    for (i = 1; i < n && best_load; i++) {
        cpu = (start + i) % n;
        load = load_seen_by_creator(cpu, me);
        if (load < best_load) {
            best = cpu;
            best_load = load;
        }
    }
    irq_restore(irq);
    return best;
}

struct sched_thread *sched_thread_create(const struct sched_thread_spec *spec)
{
    struct sched_thread *t;
    int bound = spec->cpu != SCHED_ANY_CPU;

    if (bound && (spec->cpu < 0 || (unsigned)spec->cpu >= smp_cpu_count()))
        return 0;
    t = thread_new(spec->entry, spec->arg, bound ? (unsigned)spec->cpu : thread_place(),
                   __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED), spec->stack_size);
    if (!t)
        return 0;
    t->bound = bound;
    t->fs_base = spec->fs_base;
    t->entry_stack = spec->entry_stack;
    t->data = spec->data;
    t->state = T_BLOCKED; /* not yet queued: sched_start_new makes it runnable */
    sched_start_new(t);
    return t;
}

void sched_set_exit_hook(void (*hook)(struct sched_thread *self)) { exit_hook = hook; }

void sched_thread_exit(void *ret)
{
    struct sched_thread *self = sched_self(), *joiner;

    if (exit_hook)
        exit_hook(self);
    /* Off until the last switch: a tick between `done` and T_EXITED would
     * requeue a thread its joiner is about to free. */
    irq_disable();
    spin_lock(&self->lock);
    self->ret = ret;
    self->done = 1;
    self->reap = self->detached;
    joiner = self->joiner;
    spin_unlock(&self->lock);
    if (joiner)
        sched_wake(joiner);
    self->state = T_EXITED;
    sched_switch();
    panic("exited thread %ld was scheduled again", self->id);
}

/* First code of every created thread (from arch_thread_start), with
 * interrupts still off from the switch that started it. */
__attribute__((noreturn)) void sched_thread_entry(void)
{
    struct sched_thread *self;

    sched_finish_switch();
    self = sched_self();
    arch_fpu_start();
    irq_enable();
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
    while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
        cpu_relax(); /* its CPU is switching away from it right now */
    ret = t->ret;
    thread_release(t);
    return ret;
}

void sched_thread_detach(struct sched_thread *t)
{
    int done;

    spin_lock(&t->lock);
    done = t->done;
    if (!done)
        t->detached = 1; /* its exit sees this under the same lock */
    spin_unlock(&t->lock);
    if (done)
        sched_thread_join(t); /* already over: reap it here */
}

long sched_thread_id(const struct sched_thread *t) { return t->id; }
void *sched_thread_data(const struct sched_thread *t) { return t->data; }

void sched_set_fs_base(uintptr_t fs_base)
{
    int irq = irq_save(); /* the field and the register change together */

    sched_self()->fs_base = fs_base;
    arch_set_fs_base(fs_base);
    irq_restore(irq);
}
