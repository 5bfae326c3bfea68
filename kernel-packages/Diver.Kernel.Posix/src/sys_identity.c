/* sys_identity.c - who and where the program is: one process (pid 1, its
 * main thread tid 1), root, a uname that says what runs it, randomness,
 * and the CPUs it may use. */
#include "syscall.h"
#include <arch/x86.h>
#include <errno.h>
#include <platform/smp.h>
#include <string.h>
#include <sys/utsname.h>

#define POSIX_PID 1

SYSCALL_DEFINE(getpid) { SYSCALL_UNUSED_ARGS(); return POSIX_PID; }
SYSCALL_DEFINE(getppid) { SYSCALL_UNUSED_ARGS(); return 0; }
SYSCALL_DEFINE(getuid) { SYSCALL_UNUSED_ARGS(); return 0; }
SYSCALL_DEFINE(geteuid) { SYSCALL_UNUSED_ARGS(); return 0; }
SYSCALL_DEFINE(getgid) { SYSCALL_UNUSED_ARGS(); return 0; }
SYSCALL_DEFINE(getegid) { SYSCALL_UNUSED_ARGS(); return 0; }
SYSCALL_DEFINE(getpgrp) { SYSCALL_UNUSED_ARGS(); return POSIX_PID; }
SYSCALL_DEFINE(getpgid) { SYSCALL_UNUSED_ARGS(); return POSIX_PID; }
SYSCALL_DEFINE(getsid) { SYSCALL_UNUSED_ARGS(); return POSIX_PID; }
SYSCALL_DEFINE(setsid) { SYSCALL_UNUSED_ARGS(); return POSIX_PID; }
SYSCALL_DEFINE(umask) { SYSCALL_UNUSED_ARGS(); return 022; }

SYSCALL_DEFINE(uname)
{
    struct utsname *u = (struct utsname *)a0;

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    memset(u, 0, sizeof *u);
    strcpy(u->sysname, "Linux"); /* the ABI it speaks; programs branch on this */
    strcpy(u->nodename, "diver");
    strcpy(u->release, "6.1.0-diver-posix");
    strcpy(u->version, "Diver.Kernel.Posix");
    strcpy(u->machine, "x86_64");
    return 0;
}

/* RDRAND when the CPU has it, else a xorshift seeded from the TSC: enough
 * for hash seeds and mkstemp, not for keys (said in the README). */
static uint64_t random_word(void)
{
    static uint64_t state;
    uint32_t r[4];
    uint64_t v;
    unsigned char ok = 0;

    cpuid(1, 0, r);
    if (r[2] & (1u << 30)) {
        __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
        if (ok)
            return v;
    }
    if (!state)
        state = rdtsc() | 1;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

SYSCALL_DEFINE(getrandom)
{
    unsigned char *p = (unsigned char *)a0;
    size_t n = (size_t)a1, i;

    (void)a2, (void)a3, (void)a4, (void)a5;
    for (i = 0; i < n; i += 8) {
        uint64_t w = random_word();
        memcpy(p + i, &w, n - i < 8 ? n - i : 8);
    }
    return (long)n;
}

SYSCALL_DEFINE(sched_getaffinity)
{
    size_t size = (size_t)a1;
    unsigned char *mask = (unsigned char *)a2;
    unsigned cpus = smp_cpu_count(), i;

    (void)a0, (void)a3, (void)a4, (void)a5;
    if (size < (cpus + 7) / 8)
        return -EINVAL;
    memset(mask, 0, size);
    for (i = 0; i < cpus; i++)
        mask[i / 8] |= (unsigned char)(1u << (i % 8));
    return (long)((cpus + 63) / 64 * 8); /* Linux returns the kernel mask's size */
}
