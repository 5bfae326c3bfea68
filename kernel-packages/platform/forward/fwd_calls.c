/* fwd_calls.c - typed wrappers over fwd_call, one per forwarded operation.
 * Paths travel as (address, length) so the proxy never has to search guest
 * memory for a terminator. */
#include <diver/forward.h>
#include <string.h>

#define PTR(p) ((uint64_t)(uintptr_t)(p))

int fwd_nop(void) { return (int)fwd_call(FWD_NOP, 0, 0, 0, 0); }

int fwd_open(const char *path, int flags, int mode)
{
    return (int)fwd_call(FWD_OPEN, PTR(path), strlen(path), (uint32_t)flags, (uint32_t)mode);
}

int64_t fwd_read(int fd, void *buf, size_t len) { return fwd_call(FWD_READ, (uint32_t)fd, PTR(buf), len, 0); }

int64_t fwd_write(int fd, const void *buf, size_t len)
{
    return fwd_call(FWD_WRITE, (uint32_t)fd, PTR(buf), len, 0);
}

int fwd_close(int fd) { return (int)fwd_call(FWD_CLOSE, (uint32_t)fd, 0, 0, 0); }

int64_t fwd_lseek(int fd, int64_t offset, int whence)
{
    return fwd_call(FWD_LSEEK, (uint32_t)fd, (uint64_t)offset, (uint32_t)whence, 0);
}

int fwd_fstat(int fd, struct fwd_stat *st) { return (int)fwd_call(FWD_FSTAT, (uint32_t)fd, PTR(st), 0, 0); }

int fwd_unlink(const char *path) { return (int)fwd_call(FWD_UNLINK, PTR(path), strlen(path), 0, 0); }

int fwd_rmdir(const char *path) { return (int)fwd_call(FWD_RMDIR, PTR(path), strlen(path), 0, 0); }

int fwd_mkdir(const char *path, int mode)
{
    return (int)fwd_call(FWD_MKDIR, PTR(path), strlen(path), (uint32_t)mode, 0);
}

int fwd_rename(const char *from, const char *to)
{
    return (int)fwd_call(FWD_RENAME, PTR(from), strlen(from), PTR(to), strlen(to));
}

int fwd_getcwd(char *buf, size_t len) { return (int)fwd_call(FWD_GETCWD, PTR(buf), len, 0, 0); }

int fwd_clock_gettime(int clock, struct fwd_timespec *ts)
{
    return (int)fwd_call(FWD_CLOCK_GETTIME, (uint32_t)clock, PTR(ts), 0, 0);
}

int64_t fwd_listdir(const char *path, char *buf, size_t len)
{
    return fwd_call(FWD_LISTDIR, PTR(path), strlen(path), PTR(buf), len);
}

int64_t fwd_pread(int fd, void *buf, size_t len, uint64_t offset)
{
    return fwd_call(FWD_PREAD, (uint32_t)fd, PTR(buf), len, offset);
}

int64_t fwd_pwrite(int fd, const void *buf, size_t len, uint64_t offset)
{
    return fwd_call(FWD_PWRITE, (uint32_t)fd, PTR(buf), len, offset);
}

int fwd_ftruncate(int fd, uint64_t size) { return (int)fwd_call(FWD_FTRUNCATE, (uint32_t)fd, size, 0, 0); }

int fwd_fsync(int fd) { return (int)fwd_call(FWD_FSYNC, (uint32_t)fd, 0, 0, 0); }

int fwd_stat(const char *path, struct fwd_stat *st)
{
    return (int)fwd_call(FWD_STAT, PTR(path), strlen(path), PTR(st), 0);
}

int fwd_chmod(const char *path, int mode)
{
    return (int)fwd_call(FWD_CHMOD, PTR(path), strlen(path), (uint32_t)mode, 0);
}

int fwd_utimens(const char *path, const struct fwd_timespec times[2])
{
    return (int)fwd_call(FWD_UTIMENS, PTR(path), strlen(path), PTR(times), 0);
}
