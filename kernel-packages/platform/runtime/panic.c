/* panic.c - report and stop. Every fatal path (faults, abort(), failed
 * asserts, kernel panics) ends in panic_finish(), which leaves through the
 * exit device with the reserved panic code.
 *
 * With several CPUs the first to panic wins: it stops the others with an
 * NMI (which gets through even with interrupts off), so the report is not
 * interleaved with their output and nothing runs on after the failure. */
#include <platform/arch.h>
#include <platform/exit.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <stdarg.h>
#include <stdio.h>

#define BACKTRACE_MAX 32
#define IDENTITY_LIMIT (4ull << 30)

static int panicking;

int panic_begin(void)
{
    int nested;

    irq_disable();
    nested = __atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST);
    if (!nested)
        smp_stop_others();
    return nested;
}

int panic_in_progress(void) { return __atomic_load_n(&panicking, __ATOMIC_ACQUIRE); }

void panic_print_where(void)
{
    struct percpu *p = this_cpu();

    if (p->thread_id >= 0)
        fprintf(stderr, "  CPU: %u  thread: %ld\n", p->index, p->thread_id);
    else
        fprintf(stderr, "  CPU: %u  thread: none\n", p->index);
}

/* A frame pointer is only followed while it looks like one: mapped,
 * aligned and moving up the stack. Corrupt stacks end the walk early
 * rather than faulting inside the panic path. */
static int frame_ok(uintptr_t rbp, uintptr_t prev)
{
    return rbp >= 4096 && rbp < IDENTITY_LIMIT - 16 && (rbp & 7) == 0 && rbp > prev;
}

void panic_backtrace(uintptr_t rbp)
{
    uintptr_t prev = 0;
    int n;

    for (n = 0; n < BACKTRACE_MAX && frame_ok(rbp, prev); n++) {
        uintptr_t ret = ((uintptr_t *)rbp)[1];
        if (ret == 0)
            break;
        fprintf(stderr, "  bt: 0x%lx\n", ret);
        prev = rbp;
        rbp = ((uintptr_t *)rbp)[0];
    }
}

void panic_finish(void)
{
    platform_exit_code(EXIT_CODE_PANIC);
}

void vpanic(const char *fmt, va_list ap)
{
    if (panic_begin())
        platform_exit_code(EXIT_CODE_PANIC);
    fputs("PANIC: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    panic_print_where();
    panic_backtrace(arch_frame_pointer());
    panic_finish();
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vpanic(fmt, ap);
}
