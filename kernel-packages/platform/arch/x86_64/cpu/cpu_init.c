/* cpu_init.c - bring up the boot CPU's processor state. */
#include <arch/cpu.h>
#include <platform/percpu.h>

void cpu_init_boot(void)
{
    percpu_init(0, 0); /* first: locks and fault reports read it; APIC id comes later */
    gdt_init_cpu(0);
    idt_init();
    idt_load();
    simd_init_cpu();
}
