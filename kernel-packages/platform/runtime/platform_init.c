/* platform_init.c - the bring-up order every kernel on the platform uses:
 * console first (so anything later can report), then the CPU tables (so
 * faults are caught), then memory, then the clock and the interrupt
 * controller's timer (calibrated against the clock). Other CPUs are the kernel's call
 * (smp_start), as it decides what they run. Memory is whichever allocator
 * the kernel links: the platform heap (mm/heap.c) or its own. */
#include <platform/arch.h>
#include <platform/cpu.h>
#include <platform/runtime.h>
#include <platform/serial.h>
#include <platform/tsc.h>

void platform_init(const struct boot_info *bi)
{
    (void)bi; /* the memory map was already fed by the boot parsers */
    serial_init();
    cpu_init_boot();
    platform_memory_init();
    tsc_calibrate();
    arch_irq_init_boot();
}
