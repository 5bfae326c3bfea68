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
    unsigned cpu;                 /* threads never migrate */
    int state;                    /* changed under the CPU's run queue lock */
    int off_cpu;                  /* set once an exited thread's stack is free */
    void *(*entry)(void *);
    void *arg;
    void *ret;
    struct spinlock lock;         /* the join handshake below */
    int done;
    struct sched_thread *joiner;
    void *stack;                  /* NULL for adopted contexts (main, AP idle) */
    size_t stack_size;
    uintptr_t fs_base;
    void *data;
    void *fpu;                    /* FPU/SSE save area (arch_fpu_area_size bytes, 64-aligned) */
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
    struct sched_thread *current, *idle, *prev;
    int sleeping;                     /* in hlt: needs a wake-up IPI */
} __attribute__((aligned(64)));

#define IDLE_PERIOD_US 10000

struct sched_cpu *sched_cpu(unsigned cpu);

/* Gives up the CPU; the caller set its state first (RUNNING = yield). */
void sched_switch(void);
void sched_finish_switch(void); /* first thing in a context that was switched to */
void sched_idle_loop(void) __attribute__((noreturn));

/* thread.c: threads the run queues start with. */
struct sched_thread *thread_adopt(unsigned cpu, long id);
struct sched_thread *thread_new(void *(*entry)(void *), void *arg, unsigned cpu, long id, size_t stack_size);

/* arch/<arch>/: the context switch and the FPU/SSE save area. */
void arch_switch(uint64_t *save_rsp, uint64_t next_rsp);
void arch_thread_start(void);           /* a new thread's first return address */
uint64_t arch_initial_rsp(void *stack, size_t size); /* a stack that "returns" into arch_thread_start */
size_t arch_fpu_area_size(void);
void arch_fpu_area_init(void *area);    /* the state a new thread starts with */
void arch_fpu_save(void *area);
void arch_fpu_restore(void *area);
void arch_set_fs_base(uintptr_t base);

#endif
