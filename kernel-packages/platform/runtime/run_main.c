/* run_main.c - start the app: constructors, argv, main on its own stack
 * with a guard page below it, then exit with main's return value. */
#include <diver/channel.h>
#include <platform/cmdline.h>
#include <platform/cpu.h>
#include <platform/kernel_options.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <platform/sched.h>
#include <platform/trap.h>
#include <stdint.h>
#include <stdlib.h>

#define PAGE_SIZE 4096
#define MAIN_STACK_SIZE (1u << 20)

int main(int argc, char **argv); /* the app must define it */

typedef void (*init_fn)(void);
extern init_fn __init_array_start[], __init_array_end[];

static void run_constructors(void)
{
    init_fn *f;

    for (f = __init_array_start; f < __init_array_end; f++)
        (*f)();
}

/* Page-aligned stack from the heap; its lowest page is unmapped so an
 * overflow faults (and is reported as such) instead of corrupting the heap. */
static void *main_stack_top(void)
{
    char *raw = malloc(MAIN_STACK_SIZE + 2 * PAGE_SIZE);
    uintptr_t guard;

    if (!raw)
        panic("no memory for main's stack");
    guard = ((uintptr_t)raw + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    if (paging_unmap_4k(guard) == 0)
        trap_set_stack_guard(guard);
    return (void *)(guard + PAGE_SIZE + MAIN_STACK_SIZE);
}

void platform_run_main(const char *cmdline)
{
    int argc;
    char **argv = cmdline_to_argv(cmdline, &argc);

    kernel_options_take(&argc, argv); /* e.g. diver.fwd=: the app never sees them */
    chan_init(); /* a pipeline stage's stdin/stdout, before any constructor prints */
    sched_apply_kernel_options();

    run_constructors();
    exit(call_on_stack(main, argc, argv, main_stack_top()));
}
