/* pipe.c - pipes within the program: a 64 KiB ring (Linux's default pipe
 * size). A read of an empty pipe whose write end is open waits, as on Linux;
 * with one thread nothing will ever fill it, which is the program's bug on
 * Linux too (the launcher's RunTimeout ends such a run). A waiting reader or
 * writer blocks on the pipe's wait queue and every change wakes the queue,
 * so the thread at the other end gets the vCPU at once rather than when the
 * tick preempts a waiter that halts in place. */
#include "kalloc.h"
#include "syscall.h"
#include "vfs.h"
#include <errno.h>
#include <fcntl.h>
#include <platform/sched.h>
#include <platform/spinlock.h>
#include <signal.h>

#define PIPE_SIZE 65536

struct pipe {
    struct spinlock lock;         /* taken before waiters.lock */
    struct sched_waitq waiters;   /* readers of an empty pipe, writers of a full one */
    char *buf;
    size_t head, count;
    int readers, writers;
};

/* p->lock held: the caller sleeps at its sched_block(), after unlocking. */
static void wait_for_change_locked(struct pipe *p)
{
    spin_lock(&p->waiters.lock);
    sched_waitq_enqueue_self_locked(&p->waiters);
    spin_unlock(&p->waiters.lock);
}

/* p->lock held: data, room or an end changed. */
static void wake_all_locked(struct pipe *p)
{
    spin_lock(&p->waiters.lock);
    sched_waitq_wake_all_locked(&p->waiters);
    spin_unlock(&p->waiters.lock);
}

static long pipe_read(struct file *f, void *out, size_t n, uint64_t off)
{
    struct pipe *p = f->priv;
    size_t got = 0;

    (void)off;
    for (;;) {
        spin_lock(&p->lock);
        while (got < n && p->count) {
            ((char *)out)[got++] = p->buf[p->head];
            p->head = (p->head + 1) % PIPE_SIZE;
            p->count--;
        }
        if (got) {
            wake_all_locked(p);
            spin_unlock(&p->lock);
            return (long)got;
        }
        if (!p->writers || n == 0 || (f->flags & O_NONBLOCK)) {
            spin_unlock(&p->lock);
            return p->writers && n ? -EAGAIN : 0;
        }
        wait_for_change_locked(p);
        spin_unlock(&p->lock);
        sched_block();
    }
}

static long pipe_write(struct file *f, const void *in, size_t n, uint64_t off)
{
    struct pipe *p = f->priv;
    size_t put = 0;

    (void)off;
    for (;;) {
        spin_lock(&p->lock);
        if (!p->readers) {
            spin_unlock(&p->lock);
            return put ? (long)put : -EPIPE; /* SIGPIPE is ignored: no signal handlers run */
        }
        size_t before = put;
        while (put < n && p->count < PIPE_SIZE) {
            p->buf[(p->head + p->count) % PIPE_SIZE] = ((const char *)in)[put++];
            p->count++;
        }
        if (put != before)
            wake_all_locked(p);
        if (put == n || (f->flags & O_NONBLOCK)) {
            spin_unlock(&p->lock);
            return put == n ? (long)n : put ? (long)put : -EAGAIN;
        }
        wait_for_change_locked(p);
        spin_unlock(&p->lock);
        sched_block();
    }
}

static long pipe_stat(struct file *f, struct stat *st)
{
    struct pipe *p = f->priv;

    __builtin_memset(st, 0, sizeof *st);
    st->st_mode = S_IFIFO | 0600;
    st->st_size = (off_t)p->count;
    st->st_blksize = 4096;
    return 0;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->priv;
    int last;

    spin_lock(&p->lock);
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    last = !p->readers && !p->writers;
    wake_all_locked(p); /* a reader sees end of file, a writer EPIPE */
    spin_unlock(&p->lock);
    if (last) {
        kfree(p->buf, PIPE_SIZE);
        kfree(p, sizeof *p);
    }
}

static const struct file_ops pipe_ops = {
    .read = pipe_read, .write = pipe_write, .stat = pipe_stat, .release = pipe_release, .stream = 1,
};

static long make_pipe(int *fds, int flags)
{
    struct pipe *p = kalloc(sizeof *p);
    struct file *r, *w;
    int rfd, wfd;

    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    if (!p || !(p->buf = kalloc(PIPE_SIZE))) {
        kfree(p, sizeof *p);
        return -ENFILE;
    }
    p->lock = (struct spinlock)SPINLOCK_INIT("pipe");
    sched_waitq_init(&p->waiters);
    p->readers = p->writers = 1;
    r = file_new(&pipe_ops, p, O_RDONLY | (flags & O_NONBLOCK));
    w = file_new(&pipe_ops, p, O_WRONLY | (flags & O_NONBLOCK));
    if (!r || !w)
        return -ENFILE;
    rfd = fd_install(r, 0, flags & O_CLOEXEC);
    wfd = rfd < 0 ? rfd : fd_install(w, 0, flags & O_CLOEXEC);
    if (wfd < 0) {
        if (rfd >= 0)
            fd_close(rfd);
        return wfd;
    }
    fds[0] = rfd;
    fds[1] = wfd;
    return 0;
}

SYSCALL_DEFINE(pipe) { SYSCALL_UNUSED_ARGS(); return make_pipe((int *)a0, 0); }
SYSCALL_DEFINE(pipe2) { (void)a2, (void)a3, (void)a4, (void)a5; return make_pipe((int *)a0, (int)a1); }
