/* platform_init.c - the bring-up order every kernel on the platform uses:
 * console first (so anything later can report), then the CPU tables (so
 * faults are caught), then memory. */
#include <platform/cpu.h>
#include <platform/heap.h>
#include <platform/runtime.h>
#include <platform/serial.h>

void platform_init(const struct boot_info *bi)
{
    (void)bi; /* the memory map was already fed by the boot parsers */
    serial_init();
    cpu_init_boot();
    heap_init_from_memmap();
}
