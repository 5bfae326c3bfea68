/* waitq.c - lists of blocked threads (mutexes, conditions, barriers, futexes). */
#include "sched_internal.h"

void sched_waitq_init(struct sched_waitq *q)
{
    q->lock = (struct spinlock)SPINLOCK_INIT("wait queue");
    q->head = q->tail = 0;
}

/* Marking the thread BLOCKED before it becomes visible in q means a waker
 * that finds it there can always make it runnable again. */
void sched_waitq_enqueue_self_locked(struct sched_waitq *q)
{
    struct sched_thread *self = sched_self();

    self->state = T_BLOCKED;
    thread_list_push(&q->head, &q->tail, self);
}

void sched_waitq_sleep_locked(struct sched_waitq *q)
{
    sched_waitq_enqueue_self_locked(q);
    spin_unlock(&q->lock);
    sched_block();
}

struct sched_thread *sched_waitq_pop_locked(struct sched_waitq *q)
{
    return thread_list_pop(&q->head, &q->tail);
}

void sched_waitq_wake_all_locked(struct sched_waitq *q)
{
    struct sched_thread *t;

    while ((t = thread_list_pop(&q->head, &q->tail)))
        sched_wake(t);
}
