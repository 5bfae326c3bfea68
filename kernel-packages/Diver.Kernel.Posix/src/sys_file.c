/* sys_file.c - the path and descriptor calls: open, stat, directories,
 * rename/unlink, truncate, fcntl (locks included), access, chmod, times,
 * dup, the working directory. Paths are resolved here (path.c) and handed
 * to the root file system as absolute paths. There are no symbolic links.
 * One program is the only process, so advisory locks never conflict. */
#include "syscall.h"
#include "vfs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/file.h>

#ifndef RENAME_NOREPLACE /* Linux's, not in musl 1.2.3's headers */
#define RENAME_NOREPLACE (1 << 0)
#endif

static long open_at(long dirfd, const char *path, int flags, int mode)
{
    char abs[PATH_MAX];
    struct file *f = 0;
    long r = path_resolve(dirfd, path, abs);

    if (r < 0)
        return r;
    if ((r = vfs_root->open(abs, flags, mode, &f)) < 0)
        return r;
    return fd_install(f, 0, flags & O_CLOEXEC);
}

SYSCALL_DEFINE(open) { (void)a3, (void)a4, (void)a5; return open_at(AT_FDCWD, (const char *)a0, (int)a1, (int)a2); }
SYSCALL_DEFINE(openat) { (void)a4, (void)a5; return open_at(a0, (const char *)a1, (int)a2, (int)a3); }
SYSCALL_DEFINE(creat)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    return open_at(AT_FDCWD, (const char *)a0, O_CREAT | O_WRONLY | O_TRUNC, (int)a1);
}
SYSCALL_DEFINE(close) { SYSCALL_UNUSED_ARGS(); return fd_close(a0); }

SYSCALL_DEFINE(fstat)
{
    struct file *f = fd_file(a0);

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    return f->ops->stat ? f->ops->stat(f, (struct stat *)a1) : -EINVAL;
}

static long stat_at(long dirfd, const char *path, struct stat *st, int flags)
{
    char abs[PATH_MAX];
    long r;

    if ((flags & AT_EMPTY_PATH) && path && !*path) {
        struct file *f = fd_file(dirfd);
        if (dirfd == AT_FDCWD)
            return vfs_root->stat(path_getcwd(abs, sizeof abs) < 0 ? "/" : abs, st);
        return f ? (f->ops->stat ? f->ops->stat(f, st) : -EINVAL) : -EBADF;
    }
    if ((r = path_resolve(dirfd, path, abs)) < 0)
        return r;
    return vfs_root->stat(abs, st);
}

SYSCALL_DEFINE(stat) { (void)a2, (void)a3, (void)a4, (void)a5; return stat_at(AT_FDCWD, (const char *)a0, (struct stat *)a1, 0); }
SYSCALL_DEFINE(lstat) { (void)a2, (void)a3, (void)a4, (void)a5; return stat_at(AT_FDCWD, (const char *)a0, (struct stat *)a1, 0); }
SYSCALL_DEFINE(newfstatat) { (void)a4, (void)a5; return stat_at(a0, (const char *)a1, (struct stat *)a2, (int)a3); }

SYSCALL_DEFINE(getdents64)
{
    struct file *f = fd_file(a0);

    (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    return f->ops->getdents ? f->ops->getdents(f, (void *)a1, (size_t)a2) : -ENOTDIR;
}

/* Resolves a path and runs one root file-system call on it. */
static long with_path(long dirfd, const char *path, long (*op)(const char *))
{
    char abs[PATH_MAX];
    long r = path_resolve(dirfd, path, abs);

    return r < 0 ? r : op(abs);
}

static long mkdir_at(long dirfd, const char *path, int mode)
{
    char abs[PATH_MAX];
    long r = path_resolve(dirfd, path, abs);

    return r < 0 ? r : vfs_root->mkdir(abs, mode);
}

SYSCALL_DEFINE(mkdir) { (void)a2, (void)a3, (void)a4, (void)a5; return mkdir_at(AT_FDCWD, (const char *)a0, (int)a1); }
SYSCALL_DEFINE(mkdirat) { (void)a3, (void)a4, (void)a5; return mkdir_at(a0, (const char *)a1, (int)a2); }
SYSCALL_DEFINE(unlink) { SYSCALL_UNUSED_ARGS(); return with_path(AT_FDCWD, (const char *)a0, vfs_root->unlink); }
SYSCALL_DEFINE(rmdir) { SYSCALL_UNUSED_ARGS(); return with_path(AT_FDCWD, (const char *)a0, vfs_root->rmdir); }
SYSCALL_DEFINE(unlinkat)
{
    (void)a3, (void)a4, (void)a5;
    return with_path(a0, (const char *)a1, (a2 & AT_REMOVEDIR) ? vfs_root->rmdir : vfs_root->unlink);
}

static long rename_at(long olddir, const char *from, long newdir, const char *to, unsigned flags)
{
    char a[PATH_MAX], b[PATH_MAX];
    struct stat st;
    long r;

    if (flags & ~(unsigned)RENAME_NOREPLACE)
        return -EINVAL;
    if ((r = path_resolve(olddir, from, a)) < 0 || (r = path_resolve(newdir, to, b)) < 0)
        return r;
    if ((flags & RENAME_NOREPLACE) && vfs_root->stat(b, &st) == 0)
        return -EEXIST;
    return vfs_root->rename(a, b);
}

SYSCALL_DEFINE(rename) { SYSCALL_UNUSED_ARGS(); return rename_at(AT_FDCWD, (const char *)a0, AT_FDCWD, (const char *)a1, 0); }
SYSCALL_DEFINE(renameat) { (void)a4, (void)a5; return rename_at(a0, (const char *)a1, a2, (const char *)a3, 0); }
SYSCALL_DEFINE(renameat2) { (void)a5; return rename_at(a0, (const char *)a1, a2, (const char *)a3, (unsigned)a4); }

SYSCALL_DEFINE(ftruncate)
{
    struct file *f = fd_file(a0);

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    if (a1 < 0)
        return -EINVAL;
    if ((f->flags & O_ACCMODE) == O_RDONLY || !f->ops->truncate)
        return -EINVAL;
    return f->ops->truncate(f, (uint64_t)a1);
}

SYSCALL_DEFINE(truncate)
{
    long fd = open_at(AT_FDCWD, (const char *)a0, O_WRONLY, 0), r;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (fd < 0)
        return fd;
    r = sys_ftruncate(fd, a1, 0, 0, 0, 0);
    fd_close(fd);
    return r;
}

SYSCALL_DEFINE(fsync)
{
    struct file *f = fd_file(a0);

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    return f->ops->sync ? f->ops->sync(f) : 0;
}

SYSCALL_DEFINE(fdatasync) { return sys_fsync(a0, a1, a2, a3, a4, a5); }

SYSCALL_DEFINE(fcntl)
{
    struct file *f = fd_file(a0);

    (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    switch (a1) {
    case F_DUPFD: return fd_dup(a0, -a2 - 1, 0);
    case F_DUPFD_CLOEXEC: return fd_dup(a0, -a2 - 1, 1);
    case F_GETFD: return fd_cloexec(a0, -1) ? FD_CLOEXEC : 0;
    case F_SETFD: return fd_cloexec(a0, (a2 & FD_CLOEXEC) != 0) < 0 ? -EBADF : 0;
    case F_GETFL: return f->flags;
    case F_SETFL:
        f->flags = (f->flags & O_ACCMODE) | ((int)a2 & (O_APPEND | O_NONBLOCK));
        return 0;
    case F_GETLK: case F_OFD_GETLK: {
        struct flock *l = (struct flock *)a2;
        l->l_type = F_UNLCK; /* only this process could hold a conflicting lock */
        return 0;
    }
    case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE(flock)
{
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return fd_file(a0) ? 0 : -EBADF;
}

static long access_at(long dirfd, const char *path)
{
    struct stat st;

    return stat_at(dirfd, path, &st, 0); /* everything is root's and accessible */
}

SYSCALL_DEFINE(access) { SYSCALL_UNUSED_ARGS(); return access_at(AT_FDCWD, (const char *)a0); }
SYSCALL_DEFINE(faccessat) { SYSCALL_UNUSED_ARGS(); return access_at(a0, (const char *)a1); }
SYSCALL_DEFINE(faccessat2) { SYSCALL_UNUSED_ARGS(); return access_at(a0, (const char *)a1); }

static long chmod_at(long dirfd, const char *path, int mode)
{
    char abs[PATH_MAX];
    long r = path_resolve(dirfd, path, abs);

    return r < 0 ? r : vfs_root->chmod(abs, mode);
}

SYSCALL_DEFINE(chmod) { SYSCALL_UNUSED_ARGS(); return chmod_at(AT_FDCWD, (const char *)a0, (int)a1); }
SYSCALL_DEFINE(fchmodat) { SYSCALL_UNUSED_ARGS(); return chmod_at(a0, (const char *)a1, (int)a2); }
SYSCALL_DEFINE(fchmod)
{
    struct file *f = fd_file(a0);

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    return f->path ? vfs_root->chmod(f->path, (int)a1) : 0;
}

SYSCALL_DEFINE(utimensat)
{
    char abs[PATH_MAX];
    const struct timespec *times = (const struct timespec *)a2;
    long r;

    (void)a3, (void)a4, (void)a5; /* AT_SYMLINK_NOFOLLOW: there are no links */
    if (!a1) { /* futimens(fd, times) */
        struct file *f = fd_file(a0);
        if (!f)
            return -EBADF;
        return f->path ? vfs_root->utimens(f->path, times) : 0;
    }
    if ((r = path_resolve(a0, (const char *)a1, abs)) < 0)
        return r;
    return vfs_root->utimens(abs, times);
}

SYSCALL_DEFINE(dup) { SYSCALL_UNUSED_ARGS(); return fd_dup(a0, -1, 0); }
SYSCALL_DEFINE(dup2)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    if (a0 == a1)
        return fd_file(a0) ? a1 : -EBADF;
    return fd_dup(a0, a1, 0);
}
SYSCALL_DEFINE(dup3)
{
    (void)a3, (void)a4, (void)a5;
    if (a0 == a1 || (a2 & ~O_CLOEXEC))
        return -EINVAL;
    return fd_dup(a0, a1, (a2 & O_CLOEXEC) != 0);
}

SYSCALL_DEFINE(getcwd) { (void)a2, (void)a3, (void)a4, (void)a5; return path_getcwd((char *)a0, (size_t)a1); }
SYSCALL_DEFINE(chdir) { SYSCALL_UNUSED_ARGS(); return with_path(AT_FDCWD, (const char *)a0, path_chdir); }
SYSCALL_DEFINE(fchdir)
{
    struct file *f = fd_file(a0);

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!f)
        return -EBADF;
    return f->path ? path_chdir(f->path) : -ENOTDIR;
}

/* No symbolic links: an existing path is not one (EINVAL), a missing one is missing. */
static long readlink_at(long dirfd, const char *path)
{
    struct stat st;
    long r = stat_at(dirfd, path, &st, 0);

    return r < 0 ? r : -EINVAL;
}

SYSCALL_DEFINE(readlink) { SYSCALL_UNUSED_ARGS(); return readlink_at(AT_FDCWD, (const char *)a0); }
SYSCALL_DEFINE(readlinkat) { SYSCALL_UNUSED_ARGS(); return readlink_at(a0, (const char *)a1); }
