/* sys_process.c - the program's TLS base, limits, and the signal calls
 * a single program makes. There are no other processes to signal it, so
 * handlers are recorded and never run; a signal the program sends itself
 * ends the run with the default action's report (abort() -> "Aborted",
 * exit code 134 through the launcher's panic code, as a shell shows it). */
#include "console.h"
#include "posix_thread.h"
#include "syscall.h"
#include <arch/x86.h>
#include <errno.h>
#include <platform/exit.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define MSR_FS_BASE 0xc0000100
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define NSIG_WORDS 1

static struct k_sigaction {
    unsigned long handler, flags, restorer, mask;
} actions[65];

SYSCALL_DEFINE(arch_prctl)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    switch (a0) {
    case ARCH_SET_FS:
        posix_set_fs_base((uintptr_t)a1);
        return 0;
    case ARCH_GET_FS:
        *(unsigned long *)a1 = rdmsr(MSR_FS_BASE);
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE(set_robust_list) { SYSCALL_UNUSED_ARGS(); return 0; }


SYSCALL_DEFINE(rt_sigaction)
{
    const struct k_sigaction *act = (const struct k_sigaction *)a1;
    struct k_sigaction *old = (struct k_sigaction *)a2;

    (void)a3, (void)a4, (void)a5;
    if (a0 < 1 || a0 > 64 || a0 == SIGKILL || a0 == SIGSTOP)
        return -EINVAL;
    if (old)
        *old = actions[a0];
    if (act)
        actions[a0] = *act;
    return 0;
}

SYSCALL_DEFINE(rt_sigprocmask)
{
    unsigned long *old = (unsigned long *)a2;

    (void)a0, (void)a1, (void)a3, (void)a4, (void)a5;
    if (old)
        memset(old, 0, NSIG_WORDS * sizeof *old);
    return 0;
}

SYSCALL_DEFINE(sigaltstack) { SYSCALL_UNUSED_ARGS(); return 0; }

/* A signal the program sends itself: ignored ones do nothing, everything
 * else takes the default action, which for a single program is the end. */
static long deliver_to_self(int sig)
{
    char line[64];
    int n;

    if (sig == 0)
        return 0;
    if (sig < 1 || sig > 64)
        return -EINVAL;
    if (actions[sig].handler == (unsigned long)SIG_IGN || sig == SIGCHLD || sig == SIGWINCH ||
        sig == SIGURG || sig == SIGCONT)
        return 0;
    if (sig == SIGABRT)
        n = snprintf(line, sizeof line, "Aborted\n");
    else
        n = snprintf(line, sizeof line, "Terminated by signal %d (%s)\n", sig, strsignal(sig));
    console_write(2, line, (size_t)n);
    /* The exit device cannot carry 128+signal; the panic code makes the
     * launcher exit with 134, what a shell reports for SIGABRT. */
    platform_exit_code(EXIT_CODE_PANIC);
}

SYSCALL_DEFINE(tkill) { (void)a0, (void)a2, (void)a3, (void)a4, (void)a5; return deliver_to_self((int)a1); }
SYSCALL_DEFINE(tgkill) { (void)a0, (void)a1, (void)a3, (void)a4, (void)a5; return deliver_to_self((int)a2); }
SYSCALL_DEFINE(kill) { (void)a0, (void)a2, (void)a3, (void)a4, (void)a5; return deliver_to_self((int)a1); }


SYSCALL_DEFINE(prlimit64)
{
    struct { unsigned long cur, max; } *old = (void *)a3;

    (void)a0, (void)a1, (void)a2, (void)a4, (void)a5;
    if (old)
        old->cur = old->max = ~0ul; /* RLIM_INFINITY */
    return 0;
}
