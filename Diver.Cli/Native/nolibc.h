/* What the launcher's libc-free helpers (pdeathsig.c, prestart.c) share: raw x86-64 Linux system
 * calls, the program entry, and the few string routines they need. No libc, so no dynamic loader
 * and no relocations: each helper costs about one exec (~0.5 ms) on a host where page faults are dear. */
#ifndef DIVER_NOLIBC_H
#define DIVER_NOLIBC_H

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_rt_sigaction 13
#define SYS_ioctl 16
#define SYS_dup2 33
#define SYS_getpid 39
#define SYS_socketpair 53
#define SYS_fork 57
#define SYS_execve 59
#define SYS_exit 60
#define SYS_getppid 110
#define SYS_prctl 157
#define SYS_pipe2 293
#define SYS_memfd_create 319
#define PR_SET_PDEATHSIG 1
#define SIGTERM 15
#define SIGCHLD 17

static long syscall6(long number, long a, long b, long c, long d, long e, long f)
{
    long result;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

#define sys(n, a, b, c) syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static unsigned long length(const char *s)
{
    unsigned long n = 0;
    while (s[n])
        n++;
    return n;
}

static void say(const char *s)
{
    sys(SYS_write, 2, s, length(s));
}

static __attribute__((noreturn)) void leave(int code)
{
    for (;;)
        sys(SYS_exit, code, 0, 0);
}

/* A non-negative decimal number (a pid, a descriptor, a count), or -1. */
static long decimal(const char *s)
{
    long n = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > 1L << 40)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n;
}

/* The kernel enters with the stack pointer at argc; MAIN gets it as its argument, on a 16-byte
 * aligned stack as the ABI wants. */
#define NOLIBC_ENTRY(main)               \
    __asm__(".globl _start\n"            \
            "_start:\n"                  \
            "    mov %rsp, %rdi\n"       \
            "    and $-16, %rsp\n"       \
            "    call " #main "\n")

#endif
