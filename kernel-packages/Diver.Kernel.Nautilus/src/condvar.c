/* condvar.c - condition variables. The waiter queues itself before it
 * releases the mutex, so a signal sent right after the release is never
 * lost (the waker finds it queued). */
#include <nautilus/threads.h>

void kernel_cond_init(kernel_cond_t *c)
{
    sched_waitq_init(&c->q);
}

void kernel_cond_wait(kernel_cond_t *c, kernel_mutex_t *m)
{
    spin_lock(&c->q.lock);
    sched_waitq_enqueue_self_locked(&c->q);
    spin_unlock(&c->q.lock);
    kernel_mutex_unlock(m);
    sched_block();
    kernel_mutex_lock(m);
}

static int wake_one(kernel_cond_t *c)
{
    struct sched_thread *t;

    spin_lock(&c->q.lock);
    t = sched_waitq_pop_locked(&c->q);
    spin_unlock(&c->q.lock);
    if (t)
        sched_wake(t);
    return t != 0;
}

void kernel_cond_signal(kernel_cond_t *c) { wake_one(c); }

void kernel_cond_broadcast(kernel_cond_t *c)
{
    while (wake_one(c))
        ;
}
