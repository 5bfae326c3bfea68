/* mutex.c - a blocking mutex with direct hand-off: unlock gives the lock
 * to the first waiter instead of letting everyone race for it, so a
 * woken thread never finds it taken again (no retry loop, FIFO order). */
#include <nautilus/threads.h>
#include <platform/panic.h>

void kernel_mutex_init(kernel_mutex_t *m)
{
    sched_waitq_init(&m->q);
    m->locked = 0;
    m->owner = 0;
}

void kernel_mutex_lock(kernel_mutex_t *m)
{
    long self = kernel_thread_id();

    spin_lock(&m->q.lock);
    if (!m->locked) {
        m->locked = 1;
        m->owner = self;
        spin_unlock(&m->q.lock);
        return;
    }
#ifdef DIVER_DEBUG
    if (m->owner == self)
        panic("mutex %p: locked twice by thread %ld (deadlock)", (void *)m, self);
#endif
    sched_waitq_sleep_locked(&m->q); /* woken as the owner */
}

void kernel_mutex_unlock(kernel_mutex_t *m)
{
    struct sched_thread *next;

    spin_lock(&m->q.lock);
#ifdef DIVER_DEBUG
    if (!m->locked || m->owner != kernel_thread_id())
        panic("mutex %p: unlocked by thread %ld, owner %ld", (void *)m, kernel_thread_id(),
              m->locked ? m->owner : 0L);
#endif
    next = sched_waitq_pop_locked(&m->q);
    if (next) {
        m->owner = sched_thread_id(next);
        sched_wake(next);
    } else {
        m->locked = 0;
        m->owner = 0;
    }
    spin_unlock(&m->q.lock);
}
