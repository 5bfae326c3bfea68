/* sched_internal.h - the core's own view of threads and per-CPU run queues
 * (the files in sched/ only; kernels see platform/sched.h). */
#ifndef PLATFORM_SCHED_INTERNAL_H
#define PLATFORM_SCHED_INTERNAL_H

#include <platform/cpu.h>
#include <platform/sched.h>
#include <platform/spinlock.h>
#include <stdint.h>

enum thread_state { T_RUNNING, T_RUNNABLE, T_BLOCKED, T_EXITED };

struct sched_thread {
    uint64_t rsp;                 /* saved while off the CPU (arch switch) */
    struct sched_thread *next;    /* run queue or wait queue link */
    long id;
    unsigned cpu;                 /* whose run queue it belongs to; changes only by stealing */
    int bound;                    /* never stolen: created for one CPU */
    int state;                    /* changed under its CPU's run queue lock */
    int on_cpu;                   /* its stack is in use: switched to, not yet fully away */
    void *(*entry)(void *);
    void *arg;
    void *ret;
    struct spinlock lock;         /* the join handshake below */
    int done;
    int detached;                 /* nobody will join: freed once off its CPU */
    int reap;                     /* exited detached: the next context frees it */
    struct sched_thread *joiner;
    void *stack_block;            /* guard page + stack; NULL for adopted contexts (main, idle) */
    uintptr_t guard;              /* the unmapped page below the stack, 0 if none */
    size_t stack_size;
    uintptr_t fs_base;
    /* The kernel entry block of struct percpu while it runs: its entry
     * stack and how deep it is in entries, kept across switches because a
     * thread may be switched out inside an entry (a blocking system call,
     * a preempting interrupt). */
    uintptr_t entry_stack;
    unsigned long entry_depth;
    void *data;
    void *fpu;                    /* FPU/SIMD save area (arch_fpu_area_size bytes, 64-aligned) */
};

/* FIFO of threads linked through `next`: run queues and wait queues. */
static inline void thread_list_push(struct sched_thread **head, struct sched_thread **tail,
                                    struct sched_thread *t)
{
    t->next = 0;
    if (*tail)
        (*tail)->next = t;
    else
        *head = t;
    *tail = t;
}

static inline struct sched_thread *thread_list_pop(struct sched_thread **head, struct sched_thread **tail)
{
    struct sched_thread *t = *head;

    if (t) {
        *head = t->next;
        if (!*head)
            *tail = 0;
    }
    return t;
}

struct sched_cpu {
    struct spinlock lock;
    struct sched_thread *head, *tail; /* runnable, FIFO */
    unsigned queued;                  /* threads in the queue (read unlocked as a load hint) */
    struct sched_thread *current, *idle, *prev;
    int sleeping;                     /* in hlt: needs a wake-up IPI */
    uint64_t slice_start;             /* TSC when current was switched in */
    uint32_t tick_us;                 /* this CPU's APIC timer period */
    struct spinlock timer_lock;       /* the deadlines below (timer.c) */
    struct sched_timer *timers;       /* timed waits queued here, soonest first */
    int timer_once;                   /* the timer is set for a deadline, not ticking */
} __attribute__((aligned(64)));

struct sched_cpu *sched_cpu(unsigned cpu);
unsigned sched_cpu_load(unsigned cpu); /* running + ready threads, a lock-free hint */

/* The policy knobs (policy.c), read from the kernel options. */
uint32_t sched_timeslice_us(void);
int sched_idle_polls(void);          /* idle=poll */
uint64_t sched_idle_poll_ns(void);   /* how long a poll lasts before hlt */

/* Gives up the CPU; the caller set its state first (RUNNING = yield). */
void sched_switch(void);
void sched_finish_switch(void);      /* first thing in a context that was switched to */
void sched_set_current(struct sched_cpu *c, struct sched_thread *t);
void sched_tick(unsigned vector);    /* the APIC timer's handler */
unsigned sched_timers_expire(struct sched_cpu *c); /* from the tick: wakes the threads whose deadline passed, says how many */
void sched_start_new(struct sched_thread *t); /* queue a new thread on the CPU it was placed on */
int sched_steal(void);               /* an idle CPU takes a ready thread from a busy one */
__attribute__((noreturn)) void sched_idle_loop(void);

/* thread.c: threads the run queues start with. */
struct sched_thread *thread_adopt(unsigned cpu, long id);
struct sched_thread *thread_new(void *(*entry)(void *), void *arg, unsigned cpu, long id, size_t stack_size);
unsigned thread_place(void);         /* the least-loaded CPU */
void thread_release(struct sched_thread *t); /* free (or cache) an exited thread that is off its CPU */

/* stack.c: thread stacks with a guard page below. */
void *stack_alloc(size_t size, uintptr_t *guard);
void *stack_base(void *block);       /* lowest address of the stack in a block */
void stack_free(void *block, uintptr_t guard, size_t size); /* size: as given to stack_alloc */

/* platform/arch/<arch>/sched/: the context switch and the FPU/SIMD state a switch carries
 * (what neither the ABI nor an entry stub keeps: see context.c). */
void arch_switch(uint64_t *save_rsp, uint64_t next_rsp);
void arch_thread_start(void);           /* a new thread's first return address */
uint64_t arch_initial_rsp(void *stack, size_t size); /* a stack that "returns" into arch_thread_start */
size_t arch_fpu_area_size(void);
void arch_fpu_area_clear(void *area);   /* once, when the area is allocated */
void arch_fpu_start(void);              /* a new thread's state, loaded in the thread */
void arch_fpu_save(void *area, int with_vectors);    /* with_vectors: switched from an entry stub */
void arch_fpu_restore(void *area, int with_vectors); /* the same with_vectors as the save */
void arch_set_fs_base(uintptr_t base);

#endif
