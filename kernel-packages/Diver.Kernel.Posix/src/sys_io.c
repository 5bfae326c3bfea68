/* sys_io.c - reading and writing descriptors: read/write and their vector
 * and positional forms, lseek, and the terminal ioctls isatty() needs. What
 * a descriptor is (console, RAM file, pipe, host file) is its file's ops. */
#include "syscall.h"
#include "vfs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <termios.h>

#define CONSOLE_ROWS 24
#define CONSOLE_COLS 80

extern const struct file_ops console_file_ops;

/* One transfer at `off` (or the file's offset when off < 0), advancing the
 * file's offset only in the second case, as read/pread differ. */
static long transfer(long fd, void *buf, size_t n, int64_t off, int writing)
{
    struct file *f = fd_file(fd);
    uint64_t at;
    long r;

    if (!f)
        return -EBADF;
    if ((f->flags & O_ACCMODE) == (writing ? O_RDONLY : O_WRONLY))
        return -EBADF;
    if (off >= 0 && f->ops->stream)
        return -ESPIPE;
    if (writing ? !f->ops->write : !f->ops->read)
        return -EINVAL;
    at = off >= 0 ? (uint64_t)off : f->offset;
    r = writing ? f->ops->write(f, buf, n, at) : f->ops->read(f, buf, n, at);
    if (r > 0 && off < 0 && !f->ops->stream)
        f->offset += (uint64_t)r;
    return r;
}

static long transfer_vector(long fd, const struct iovec *iov, long count, int64_t off, int writing)
{
    long total = 0, r;
    long i;

    if (count < 0 || count > IOV_MAX)
        return -EINVAL;
    for (i = 0; i < count; i++) {
        if (iov[i].iov_len == 0)
            continue;
        r = transfer(fd, iov[i].iov_base, iov[i].iov_len, off, writing);
        if (r < 0)
            return total ? total : r;
        total += r;
        if (off >= 0)
            off += r;
        if ((size_t)r < iov[i].iov_len)
            break;
    }
    return total;
}

SYSCALL_DEFINE(read) { (void)a3, (void)a4, (void)a5; return transfer(a0, (void *)a1, (size_t)a2, -1, 0); }
SYSCALL_DEFINE(write) { (void)a3, (void)a4, (void)a5; return transfer(a0, (void *)a1, (size_t)a2, -1, 1); }
SYSCALL_DEFINE(pread64)
{
    (void)a4, (void)a5;
    return a3 < 0 ? -EINVAL : transfer(a0, (void *)a1, (size_t)a2, a3, 0);
}
SYSCALL_DEFINE(pwrite64)
{
    (void)a4, (void)a5;
    return a3 < 0 ? -EINVAL : transfer(a0, (void *)a1, (size_t)a2, a3, 1);
}
SYSCALL_DEFINE(readv) { (void)a3, (void)a4, (void)a5; return transfer_vector(a0, (const struct iovec *)a1, a2, -1, 0); }
SYSCALL_DEFINE(writev) { (void)a3, (void)a4, (void)a5; return transfer_vector(a0, (const struct iovec *)a1, a2, -1, 1); }
SYSCALL_DEFINE(preadv)
{
    (void)a4, (void)a5;
    return a3 < 0 ? -EINVAL : transfer_vector(a0, (const struct iovec *)a1, a2, a3, 0);
}
SYSCALL_DEFINE(pwritev)
{
    (void)a4, (void)a5;
    return a3 < 0 ? -EINVAL : transfer_vector(a0, (const struct iovec *)a1, a2, a3, 1);
}

SYSCALL_DEFINE(lseek)
{
    struct file *f = fd_file(a0);
    struct stat st;
    int64_t base;

    (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    if (f->ops->stream)
        return -ESPIPE;
    switch (a2) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->offset; break;
    case SEEK_END:
        if (!f->ops->stat || f->ops->stat(f, &st) < 0)
            return -EINVAL;
        base = st.st_size;
        break;
    default: return -EINVAL;
    }
    if (base + a1 < 0)
        return -EINVAL;
    f->offset = (uint64_t)(base + a1);
    return (long)f->offset;
}

SYSCALL_DEFINE(ioctl)
{
    struct file *f = fd_file(a0);

    (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    if (f->ops != &console_file_ops)
        return -ENOTTY;
    switch ((unsigned long)a1) {
    case TIOCGWINSZ: {
        struct winsize *ws = (struct winsize *)a2;
        ws->ws_row = CONSOLE_ROWS;
        ws->ws_col = CONSOLE_COLS;
        ws->ws_xpixel = ws->ws_ypixel = 0;
        return 0;
    }
    case TCGETS: {
        struct termios *t = (struct termios *)a2;
        __builtin_memset(t, 0, sizeof *t);
        t->c_iflag = ICRNL;
        t->c_oflag = OPOST | ONLCR;
        t->c_cflag = CS8 | CREAD | B115200;
        t->c_lflag = ICANON | ECHO;
        return 0;
    }
    default:
        return -ENOTTY;
    }
}
