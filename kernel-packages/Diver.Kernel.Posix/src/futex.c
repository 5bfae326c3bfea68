/* futex.c - FUTEX_WAIT and FUTEX_WAKE (and their bitset and requeue forms,
 * served as plain wakes: a waiter woken early rechecks its condition, which
 * every futex user must do anyway). Waiters hang off a hash of the address;
 * each has a one-thread wait queue of the core, so a wake that lands between
 * the value check and the sleep is never lost (the core marks the waiter
 * blocked before it is visible). A timed wait is also woken by the clock
 * (the core's timed block), at its deadline rather than at a tick. */
#include "futex.h"
#include "syscall.h"
#include <errno.h>
#include <platform/arch.h>
#include <platform/sched.h>
#include <platform/spinlock.h>
#include <platform/tsc.h>
#include <time.h>

#define BUCKETS 64
/* Linux's futex operations (<linux/futex.h>, which musl does not ship). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_CMD_MASK (~(128 | 256)) /* without PRIVATE_FLAG and CLOCK_REALTIME */

struct waiter {
    int *addr;
    int woken;
    struct sched_waitq q;
    struct waiter *next;
};

static struct bucket {
    struct spinlock lock;
    struct waiter *head;
} buckets[BUCKETS];

static struct bucket *bucket_of(int *addr)
{
    struct bucket *b = &buckets[((uintptr_t)addr >> 2) % BUCKETS];
    if (!b->lock.name)
        b->lock = (struct spinlock)SPINLOCK_INIT("futex");
    return b;
}

static void unlink_waiter(struct bucket *b, struct waiter *w)
{
    struct waiter **p;

    for (p = &b->head; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            return;
        }
}

long futex_wake(int *addr, long count)
{
    struct bucket *b = bucket_of(addr);
    struct waiter **p, *w;
    long woken = 0;

    spin_lock(&b->lock);
    for (p = &b->head; *p && woken < count;) {
        w = *p;
        if (w->addr != addr) {
            p = &w->next;
            continue;
        }
        *p = w->next;
        spin_lock(&w->q.lock);
        struct sched_thread *t = sched_waitq_pop_locked(&w->q);
        __atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
        spin_unlock(&w->q.lock);
        if (t)
            sched_wake(t);
        woken++;
    }
    spin_unlock(&b->lock);
    return woken;
}

/* FUTEX_WAIT's timeout is relative, FUTEX_WAIT_BITSET's absolute (the clock
 * both read is the kernel's one clock). */
static long futex_wait(int *addr, int expected, const struct timespec *timeout, int absolute)
{
    struct bucket *b = bucket_of(addr);
    struct waiter w = { .addr = addr };
    uint64_t deadline = 0;

    if (timeout)
        deadline = (absolute ? 0 : tsc_ns()) + (uint64_t)timeout->tv_sec * 1000000000ull + (uint64_t)timeout->tv_nsec;
    sched_waitq_init(&w.q);
    spin_lock(&b->lock);
    if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != expected) {
        spin_unlock(&b->lock);
        return -EAGAIN;
    }
    w.next = b->head;
    b->head = &w;
    spin_lock(&w.q.lock);
    sched_waitq_enqueue_self_locked(&w.q);
    spin_unlock(&w.q.lock);
    spin_unlock(&b->lock);
    if (!timeout) {
        sched_block();
        return 0;
    }
    sched_block_until(deadline);
    /* Under the bucket lock a wake is either done (woken) or can no longer
     * find this waiter. */
    spin_lock(&b->lock);
    if (!w.woken)
        unlink_waiter(b, &w);
    spin_unlock(&b->lock);
    return w.woken ? 0 : -ETIMEDOUT;
}

SYSCALL_DEFINE(futex)
{
    int op = (int)a1 & FUTEX_CMD_MASK;

    (void)a4, (void)a5;
    switch (op) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET:
        return futex_wait((int *)a0, (int)a2, (const struct timespec *)a3, op == FUTEX_WAIT_BITSET);
    case FUTEX_WAKE: case FUTEX_WAKE_BITSET:
        return futex_wake((int *)a0, a2);
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE:
        if (op == FUTEX_CMP_REQUEUE && __atomic_load_n((int *)a0, __ATOMIC_ACQUIRE) != (int)a5)
            return -EAGAIN;
        return futex_wake((int *)a0, 0x7fffffff);
    default:
        return -ENOSYS;
    }
}
