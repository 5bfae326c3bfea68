/* fd.c - the descriptor table: the lowest free number, as POSIX requires;
 * descriptors 0-2 are the console. */
#include "console.h"
#include "kalloc.h"
#include "vfs.h"
#include <errno.h>
#include <fcntl.h>
#include <platform/spinlock.h>
#include <platform/tsc.h>

#define FD_MAX 1024

/* The console as a file: stdout and stderr write to it, stdin reads it. */
static long console_file_read(struct file *f, void *buf, size_t n, uint64_t off)
{
    (void)f, (void)off;
    return console_read(buf, n);
}

static long console_file_write(struct file *f, const void *buf, size_t n, uint64_t off)
{
    (void)off;
    console_write((int)(intptr_t)f->priv, buf, n);
    return (long)n;
}

static long console_file_stat(struct file *f, struct stat *st)
{
    (void)f;
    __builtin_memset(st, 0, sizeof *st);
    st->st_mode = S_IFCHR | 0620;
    st->st_rdev = (4 << 8) | 64; /* ttyS0 */
    st->st_blksize = 1024;
    return 0;
}

const struct file_ops console_file_ops = {
    .read = console_file_read, .write = console_file_write, .stat = console_file_stat, .stream = 1,
};

/* Static, and installed before anything runs, so even an early panic's
 * report (fprintf to stderr) has a descriptor 2. One reference is never
 * dropped: closing 0-2 empties the slot but never frees these. */
static struct file console_files[3] = {
    { .ops = &console_file_ops, .priv = (void *)0, .flags = O_RDONLY, .refs = 2 },
    { .ops = &console_file_ops, .priv = (void *)1, .flags = O_WRONLY, .refs = 2 },
    { .ops = &console_file_ops, .priv = (void *)2, .flags = O_WRONLY, .refs = 2 },
};

static struct file *table[FD_MAX] = { &console_files[0], &console_files[1], &console_files[2] };
static unsigned char cloexec[FD_MAX];
static struct spinlock lock = SPINLOCK_INIT("fd");

const struct fs_ops *vfs_root;

struct timespec vfs_now(void)
{
    uint64_t ns = tsc_ns();
    return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u) };
}

struct file *file_new(const struct file_ops *ops, void *priv, int flags)
{
    struct file *f = kalloc(sizeof *f);

    if (!f)
        return 0;
    f->ops = ops;
    f->priv = priv;
    f->flags = flags;
    f->refs = 1;
    return f;
}

void file_put(struct file *f)
{
    if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (f->ops->release)
        f->ops->release(f);
    kfree_str(f->path);
    kfree(f, sizeof *f);
}

int fd_install(struct file *f, int min_fd, int close_on_exec)
{
    int fd;

    spin_lock(&lock);
    for (fd = min_fd < 0 ? 0 : min_fd; fd < FD_MAX && table[fd]; fd++)
        ;
    if (fd < FD_MAX) {
        table[fd] = f;
        cloexec[fd] = (unsigned char)!!close_on_exec;
    }
    spin_unlock(&lock);
    if (fd == FD_MAX) {
        file_put(f);
        return -EMFILE;
    }
    return fd;
}

struct file *fd_file(long fd)
{
    return fd >= 0 && fd < FD_MAX ? table[fd] : 0;
}

long fd_close(long fd)
{
    struct file *f;

    if (fd < 0 || fd >= FD_MAX)
        return -EBADF;
    spin_lock(&lock);
    f = table[fd];
    table[fd] = 0;
    spin_unlock(&lock);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

long fd_dup(long oldfd, long newfd, int close_on_exec)
{
    struct file *f = fd_file(oldfd), *old = 0;

    if (!f)
        return -EBADF;
    if (newfd < 0) {
        __atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
        return fd_install(f, (int)-newfd - 1, close_on_exec);
    }
    if (newfd >= FD_MAX)
        return -EBADF;
    __atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
    spin_lock(&lock);
    old = table[newfd];
    table[newfd] = f;
    cloexec[newfd] = (unsigned char)!!close_on_exec;
    spin_unlock(&lock);
    file_put(old);
    return newfd;
}

int fd_cloexec(long fd, int set)
{
    if (!fd_file(fd))
        return -EBADF;
    if (set >= 0)
        cloexec[fd] = (unsigned char)!!set;
    return cloexec[fd];
}

