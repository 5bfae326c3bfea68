/* sched.h - the kernel's internal view of threads and per-CPU run queues. */
#ifndef NAUTILUS_SCHED_H
#define NAUTILUS_SCHED_H

#include <nautilus/threads.h>
#include <platform/cpu.h>
#include <platform/spinlock.h>
#include <stdint.h>

enum thread_state { T_RUNNING, T_RUNNABLE, T_BLOCKED, T_EXITED };

struct nk_thread {
    uint64_t rsp;             /* saved while off the CPU (switch.S) */
    struct nk_thread *next;   /* run queue or wait queue link */
    long id;
    unsigned cpu;             /* threads never migrate */
    int state;                /* changed under the CPU's run queue lock */
    int off_cpu;              /* set once an exited thread's stack is free */
    void *(*fn)(void *);
    void *arg;
    void *ret;
    struct spinlock lock;     /* the join handshake below */
    int done;
    struct nk_thread *joiner;
    void *stack;              /* NULL for adopted contexts (main, AP idle) */
};

/* FIFO of threads linked through `next`: run queues and wait queues. */
static inline void thread_list_push(struct nk_thread **head, struct nk_thread **tail, struct nk_thread *t)
{
    t->next = 0;
    if (*tail)
        (*tail)->next = t;
    else
        *head = t;
    *tail = t;
}

static inline struct nk_thread *thread_list_pop(struct nk_thread **head, struct nk_thread **tail)
{
    struct nk_thread *t = *head;

    if (t) {
        *head = t->next;
        if (!*head)
            *tail = 0;
    }
    return t;
}

struct sched_cpu {
    struct spinlock lock;
    struct nk_thread *head, *tail; /* runnable, FIFO */
    struct nk_thread *current, *idle, *prev;
    int sleeping;                  /* in hlt: needs a wake-up IPI */
} __attribute__((aligned(64)));

#define THREAD_STACK_SIZE (32u << 10)
#define IDLE_PERIOD_US 10000

struct sched_cpu *sched_cpu(unsigned cpu);
struct nk_thread *sched_current(void);

void sched_init(void);              /* boot CPU, before other CPUs start */
void sched_boot_cpu_ready(void);    /* after smp_start */
void sched_ap_main(unsigned cpu);   /* an AP's life: the idle loop */

/* Give up the CPU; the caller set its state first (RUNNING = yield). */
void sched_switch(void);
void sched_wake(struct nk_thread *t);     /* BLOCKED -> runnable on its CPU */
void sched_finish_switch(void);           /* first thing in the new context */

/* Wait queue operations; the *_locked ones expect q->lock held. */
void waitq_init(kernel_waitq_t *q);
void waitq_enqueue_self_locked(kernel_waitq_t *q); /* caller switches later */
void waitq_sleep_locked(kernel_waitq_t *q);   /* releases q->lock */
struct nk_thread *waitq_pop_locked(kernel_waitq_t *q);

/* Threads built by thread.c for the scheduler. */
struct nk_thread *thread_adopt(unsigned cpu, long id);
struct nk_thread *thread_create(void *(*fn)(void *), void *arg, unsigned cpu, long id);

/* switch.S */
void nk_switch(uint64_t *save_rsp, uint64_t next_rsp);
void nk_thread_start(void);

#endif
