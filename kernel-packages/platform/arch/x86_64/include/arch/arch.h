/* arch.h - x86-64's definitions of the interface in <platform/arch.h>. */
#ifndef ARCH_X86_64_ARCH_H
#define ARCH_X86_64_ARCH_H

#include <arch/irq.h>
#include <arch/lapic.h>
#include <arch/x86.h>
#include <platform/percpu.h>
#include <platform/smp.h>

static inline uintptr_t arch_frame_pointer(void) { return read_rbp(); }
static inline uint64_t arch_cycles(void) { return rdtsc(); }

static inline void arch_irq_init_boot(void)
{
    lapic_init_cpu();
    this_cpu()->apic_id = lapic_id();
    lapic_timer_calibrate();
}

static inline void arch_timer_start(uint32_t period_us) { lapic_timer_start(period_us); }
static inline void arch_timer_once(uint32_t delay_us) { lapic_timer_once(delay_us); }
static inline void arch_wake_cpu(unsigned cpu) { lapic_send_ipi(smp_apic_id(cpu), VECTOR_WAKEUP); }

#endif
