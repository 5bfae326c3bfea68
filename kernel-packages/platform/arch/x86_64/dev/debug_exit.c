/* debug_exit.c - QEMU's isa-debug-exit device (iobase 0xf4, iosize 4).
 * A 32-bit write of w terminates QEMU with status (w << 1) | 1. */
#include <arch/x86.h>
#include <diver/channel.h>
#include <platform/exit.h>

unsigned platform_app_exit_code(int value)
{
    /* POSIX keeps the low 8 bits; the exit device carries only 0..125 of them. */
    unsigned code = (unsigned)value & 0xff;

    if (code > EXIT_APP_CODE_MAX)
        code = EXIT_APP_CODE_MAX;
    /* +1 keeps status 1 for QEMU's own errors; the panic code stays the kernel's. */
    return code + 1;
}

void platform_exit_code(unsigned w)
{
    irq_disable();
    /* Every way out of the VM passes here, so a pipeline stage's reader
     * always sees end of stream after the stage's last byte. */
    chan_stdout_close();
    outl(DEBUG_EXIT_PORT, w);
    /* No exit device (real hardware, other VMM): stop here quietly. */
    cpu_halt_forever();
}
