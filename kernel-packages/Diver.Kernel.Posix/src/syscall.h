/* syscall.h - the Linux x86-64 system-call layer: what the entry hands the
 * dispatcher and what every handler looks like. Handlers return the Linux
 * convention: a result >= 0, or -errno. */
#ifndef POSIX_SYSCALL_H
#define POSIX_SYSCALL_H

struct syscall_args {
    long nr;
    long a[6];              /* rdi, rsi, rdx, r10, r8, r9 */
    unsigned long rip;      /* where the call returns (RCX at `syscall`) */
    unsigned long rflags;   /* the caller's flags (R11 at `syscall`) */
};

typedef long (*syscall_fn)(long, long, long, long, long, long);

/* Points this CPU's `syscall` at the entry and gives it an entry stack. */
void syscall_init_cpu(void);

long syscall_dispatch(const struct syscall_args *args);

/* The handler of a call number, or 0 when the kernel does not implement it. */
syscall_fn syscall_handler(long nr);

/* The call's Linux name ("?" when unknown). */
const char *syscall_name(long nr);

#define SYSCALL_DEFINE(name) long sys_##name(long a0, long a1, long a2, long a3, long a4, long a5)
#define SYSCALL_UNUSED_ARGS() ((void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5)

#endif
