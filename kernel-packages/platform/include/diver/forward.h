/* forward.h - the kernel-side forwarding library (SplitVM).
 *
 * Any kernel built on the platform can link it. Calls return >= 0 on
 * success and a negated errno on failure; -ENOSYS means the kernel is not
 * running under SplitVM (no diver.fwd= option on its command line). */
#ifndef DIVER_FORWARD_H
#define DIVER_FORWARD_H

#include <diver/forward_abi.h>
#include <stddef.h>
#include <stdint.h>

/* Publishes the ring if the command line asked for it. Idempotent; every
 * call below runs it first, and a constructor runs it before main. */
int fwd_init(void);
int fwd_available(void);

/* Posts one request and spins until the proxy answers. */
int64_t fwd_call(uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

int fwd_nop(void);
int fwd_open(const char *path, int flags, int mode);
int64_t fwd_read(int fd, void *buf, size_t len);
int64_t fwd_write(int fd, const void *buf, size_t len);
int fwd_close(int fd);
int64_t fwd_lseek(int fd, int64_t offset, int whence);
int fwd_fstat(int fd, struct fwd_stat *st);
int fwd_unlink(const char *path);
int fwd_rmdir(const char *path);
int fwd_mkdir(const char *path, int mode);
int fwd_rename(const char *from, const char *to);
int fwd_getcwd(char *buf, size_t len);
int fwd_clock_gettime(int clock, struct fwd_timespec *ts);
int64_t fwd_listdir(const char *path, char *buf, size_t len);
int64_t fwd_pread(int fd, void *buf, size_t len, uint64_t offset);
int64_t fwd_pwrite(int fd, const void *buf, size_t len, uint64_t offset);
int fwd_ftruncate(int fd, uint64_t size);
int fwd_fsync(int fd);
int fwd_stat(const char *path, struct fwd_stat *st);
int fwd_chmod(const char *path, int mode);
int fwd_utimens(const char *path, const struct fwd_timespec times[2]);

#endif
