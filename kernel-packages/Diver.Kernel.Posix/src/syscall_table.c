/* syscall_table.c - which Linux call number each handler serves. A number
 * not listed here gets ENOSYS (see syscall.c). */
#include "syscall.h"
#include <sys/syscall.h>

#define HANDLERS(X) \
    X(read) X(write) X(readv) X(writev) X(pread64) X(pwrite64) X(preadv) X(pwritev) X(lseek) X(ioctl) \
    X(open) X(openat) X(creat) X(close) X(fstat) X(stat) X(lstat) X(newfstatat) X(getdents64) \
    X(mkdir) X(mkdirat) X(unlink) X(unlinkat) X(rmdir) X(rename) X(renameat) X(renameat2) \
    X(ftruncate) X(truncate) X(fsync) X(fdatasync) X(fcntl) X(flock) X(access) X(faccessat) \
    X(faccessat2) X(chmod) X(fchmodat) X(fchmod) X(utimensat) X(dup) X(dup2) X(dup3) \
    X(getcwd) X(chdir) X(fchdir) X(readlink) X(readlinkat) X(pipe) X(pipe2) \
    X(brk) X(mmap) X(munmap) X(mprotect) X(mremap) X(madvise) \
    X(clock_gettime) X(clock_getres) X(gettimeofday) X(time) X(nanosleep) X(clock_nanosleep) \
    X(getpid) X(getppid) X(getuid) X(geteuid) X(getgid) X(getegid) X(getpgrp) X(getpgid) \
    X(getsid) X(setsid) X(umask) X(uname) X(getrandom) X(sched_getaffinity) \
    X(arch_prctl) X(set_tid_address) X(gettid) X(set_robust_list) X(exit_group) X(exit) \
    X(rt_sigaction) X(rt_sigprocmask) X(sigaltstack) X(tkill) X(tgkill) X(kill) \
    X(sched_yield) X(prlimit64) X(futex)

#define DECLARE(name) long sys_##name(long, long, long, long, long, long);
HANDLERS(DECLARE)

#define ENTRY(name) [SYS_##name] = sys_##name,
static const syscall_fn table[] = { HANDLERS(ENTRY) };

syscall_fn syscall_handler(long nr)
{
    if (nr < 0 || nr >= (long)(sizeof table / sizeof table[0]))
        return 0;
    return table[nr];
}
