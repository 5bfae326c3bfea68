/* file_fd.c - POSIX descriptor calls. 0, 1 and 2 are the console; every
 * other descriptor and every path call is forwarded to the host under
 * SplitVM (platform/forward). In VM mode the forwarding library answers
 * -ENOSYS, so these fail cleanly with errno ENOSYS. */
#include <diver/forward.h>
#include <errno.h>
#include <fcntl.h>
#include <platform/serial.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Turns a forwarding result into the libc convention: -1 and errno. */
static long posix_result(int64_t r)
{
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    return (long)r;
}

static int is_console(int fd) { return fd >= 0 && fd <= 2; }

int open(const char *path, int flags, ...)
{
    va_list ap;
    int mode = 0;

    if (flags & O_CREAT) {
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return (int)posix_result(fwd_open(path, flags, mode));
}

ssize_t read(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t i;
    int c = 0;

    if (!is_console(fd))
        return posix_result(fwd_read(fd, buf, n));
    if (fd != 0)
        return posix_result(-EBADF);
    for (i = 0; i < n && (c = fgetc(stdin)) != EOF; i++) {
        p[i] = (char)c;
        if (c == '\n')
            return (ssize_t)i + 1; /* a terminal delivers a line at a time */
    }
    return (ssize_t)i;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (!is_console(fd))
        return posix_result(fwd_write(fd, buf, n));
    if (fd == 0)
        return posix_result(-EBADF);
    serial_write(buf, n);
    return (ssize_t)n;
}

int close(int fd) { return is_console(fd) ? 0 : (int)posix_result(fwd_close(fd)); }

off_t lseek(int fd, off_t offset, int whence)
{
    return is_console(fd) ? posix_result(-ESPIPE) : posix_result(fwd_lseek(fd, offset, whence));
}

int fstat(int fd, struct stat *st)
{
    struct fwd_stat fs;
    int r;

    if (is_console(fd))
        return (int)posix_result(-ENOSYS);
    r = (int)posix_result(fwd_fstat(fd, &fs));
    if (r == 0) {
        st->st_size = (off_t)fs.size;
        st->st_mode = fs.mode;
        st->st_mtim.tv_sec = fs.mtime_sec;
        st->st_mtim.tv_nsec = (long)fs.mtime_nsec;
    }
    return r;
}

int unlink(const char *path) { return (int)posix_result(fwd_unlink(path)); }
int rmdir(const char *path) { return (int)posix_result(fwd_rmdir(path)); }
int mkdir(const char *path, mode_t mode) { return (int)posix_result(fwd_mkdir(path, (int)mode)); }
int rename(const char *from, const char *to) { return (int)posix_result(fwd_rename(from, to)); }
int remove(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    return errno == EISDIR ? rmdir(path) : -1; /* Linux's unlink refuses directories so */
}

char *getcwd(char *buf, size_t size)
{
    return posix_result(fwd_getcwd(buf, size)) < 0 ? 0 : buf;
}
