/* smp.h - starting the application processors listed by ACPI's MADT.
 *
 * Each AP gets its own stack, GDT/TSS, per-CPU slot and local APIC, then
 * calls the kernel's ap_main(index) and never returns. CPU indexes are
 * dense (0 = boot CPU) and the same in every table. */
#ifndef PLATFORM_SMP_H
#define PLATFORM_SMP_H

#include <stdint.h>

#define AP_STACK_SIZE (64u << 10)

typedef void (*ap_main_fn)(unsigned cpu);

/* Finds the CPUs (ACPI, given the loader's RSDP hint) and starts them one
 * by one; returns the number of CPUs now running, boot CPU included. */
unsigned smp_start(uint64_t rsdp_hint, ap_main_fn ap_main);

unsigned smp_cpu_count(void);
uint32_t smp_apic_id(unsigned cpu);

/* NMI every other running CPU (the panic path). */
void smp_stop_others(void);

#endif
