/* syscall.c - turning the `syscall` instruction on and dispatching calls.
 *
 * A call the kernel does not implement returns -ENOSYS and says so once per
 * call number on the console: a program that falls back (musl tries statx,
 * then fstatat) keeps running, and one that does not shows why. */
#include "console.h"
#include "pages.h"
#include "posix_thread.h"
#include "syscall.h"
#include <arch/cpu.h>
#include <arch/x86.h>
#include <errno.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <stdio.h>
#include <sys/syscall.h>

#define MSR_EFER  0xc0000080
#define MSR_STAR  0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE  (1ull << 0)
/* Cleared on entry: IF (the entry has no stack yet), DF (the C ABI wants
 * it clear), TF and AC. */
#define FMASK_BITS ((1ull << 9) | (1ull << 10) | (1ull << 8) | (1ull << 18))
#define ENTRY_STACK_PAGES 8
#define SYSCALL_MAX 512

void syscall_entry(void);

_Static_assert(sizeof(struct syscall_args) <= 80, "syscall_entry.S ARGS_AREA");

static unsigned char reported[SYSCALL_MAX];

void syscall_init_cpu(void)
{
    uintptr_t stack = pages_alloc_guarded(ENTRY_STACK_PAGES);

    if (!stack)
        panic("no memory for the system-call entry stack");
    this_cpu()->entry_stack = stack + ENTRY_STACK_PAGES * PAGE_SIZE;
    this_cpu()->entry_depth = 0;
    wrmsr(MSR_STAR, (uint64_t)GDT_KERNEL_CODE << 32);
    wrmsr(MSR_LSTAR, (uintptr_t)syscall_entry);
    wrmsr(MSR_FMASK, FMASK_BITS);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

static void report_unimplemented(long nr)
{
    char line[128];
    int n;

    if (nr >= 0 && nr < SYSCALL_MAX &&
        __atomic_exchange_n(&reported[nr], 1, __ATOMIC_RELAXED))
        return;
    n = snprintf(line, sizeof line, "diver-posix: system call %s (%ld) is not implemented: ENOSYS\n",
                 syscall_name(nr), nr);
    console_write(2, line, (size_t)n);
}

long syscall_dispatch(const struct syscall_args *args)
{
    syscall_fn fn;

    if (args->nr == SYS_clone)
        return posix_clone(args);
    fn = syscall_handler(args->nr);

    if (!fn) {
        report_unimplemented(args->nr);
        return -ENOSYS;
    }
    return fn(args->a[0], args->a[1], args->a[2], args->a[3], args->a[4], args->a[5]);
}
