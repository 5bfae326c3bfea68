/* debug_exit.c - QEMU's isa-debug-exit device (iobase 0xf4, iosize 4).
 * A 32-bit write of w terminates QEMU with status (w << 1) | 1. */
#include <platform/exit.h>
#include <platform/x86.h>

unsigned platform_app_exit_code(int value)
{
    unsigned w = (unsigned)value & EXIT_CODE_MASK;

    /* The panic code belongs to the kernel; an app can't fake a panic. */
    return w == EXIT_CODE_PANIC ? EXIT_CODE_PANIC - 1 : w;
}

void platform_exit_code(unsigned w)
{
    irq_disable();
    outl(DEBUG_EXIT_PORT, w);
    /* No exit device (real hardware, other VMM): stop here quietly. */
    cpu_halt_forever();
}
