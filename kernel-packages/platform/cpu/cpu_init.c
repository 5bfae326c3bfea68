/* cpu_init.c - bring up the boot CPU's processor state. */
#include <platform/cpu.h>

void cpu_init_boot(void)
{
    gdt_init_cpu(0);
    idt_init();
    idt_load();
    simd_init_cpu();
}
