/* waitq.c - lists of blocked threads (mutex, condition, barrier, join). */
#include "sched.h"

void waitq_init(kernel_waitq_t *q)
{
    q->lock = (struct spinlock)SPINLOCK_INIT("wait queue");
    q->head = q->tail = 0;
}

/* Marking the thread BLOCKED before it becomes visible in q means a waker
 * that finds it there can always make it runnable again. */
void waitq_enqueue_self_locked(kernel_waitq_t *q)
{
    struct nk_thread *self = sched_current();

    self->state = T_BLOCKED;
    thread_list_push(&q->head, &q->tail, self);
}

void waitq_sleep_locked(kernel_waitq_t *q)
{
    waitq_enqueue_self_locked(q);
    spin_unlock(&q->lock);
    sched_switch();
}

struct nk_thread *waitq_pop_locked(kernel_waitq_t *q) { return thread_list_pop(&q->head, &q->tail); }
