/* lapic.h - the local APIC (xAPIC, memory-mapped): interrupts between
 * CPUs, CPU start-up, and the per-CPU timer. */
#ifndef ARCH_X86_64_LAPIC_H
#define ARCH_X86_64_LAPIC_H

#include <stdint.h>

void lapic_init_cpu(void);        /* enable, mask legacy lines */
uint32_t lapic_id(void);
void lapic_eoi(void);
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
void lapic_send_nmi_others(void); /* every CPU but the caller */
void lapic_send_init(uint32_t apic_id);
void lapic_send_startup(uint32_t apic_id, uint32_t trampoline_paddr);

/* Calibrates the timer against the TSC (once, on the boot CPU), then
 * starts it periodic with this period on the calling CPU. */
void lapic_timer_calibrate(void);
void lapic_timer_start(uint32_t period_us);
/* One interrupt after delay_us (at least one timer count), leaving the
 * period this CPU ticks at (percpu tick_us) as it was. */
void lapic_timer_once(uint32_t delay_us);

#endif
