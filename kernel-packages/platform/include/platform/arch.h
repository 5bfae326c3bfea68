/* arch.h - what the kernel-neutral platform (runtime/, sched/, channel/,
 * forward/) and a kernel's portable code need from the processor, inline
 * because they sit on the hottest paths (spinlocks, the idle loop, the
 * scheduler tick). Each arch/<arch>/include/arch/arch.h defines every one
 * of them; the declarations here make the compiler check that it does.
 *
 * The architecture's out-of-line services have neutral headers of their
 * own: cpu.h (boot-CPU setup, guard pages, stack switch), percpu.h, tsc.h
 * (the clock), smp.h, irq.h, trap.h, serial.h (the console UART). Code
 * that is x86-64 by nature (the Posix kernel's Linux system-call entry)
 * includes <arch/...> headers directly. */
#ifndef PLATFORM_ARCH_H
#define PLATFORM_ARCH_H

#include <stdint.h>

static inline void cpu_relax(void);          /* one turn of a spin-wait loop */
static inline void irq_disable(void);
static inline void irq_enable(void);
static inline int irq_save(void);            /* disables; says whether they were on */
static inline void irq_restore(int was_on);
static inline int irq_enabled(void);
/* Enables interrupts and sleeps until one arrives, atomically: an interrupt
 * that became pending after the caller's last check still wakes it. Returns
 * with interrupts off. */
static inline void cpu_wait_for_interrupt(void);
static inline __attribute__((noreturn)) void cpu_halt_forever(void);
static inline uintptr_t arch_frame_pointer(void); /* the caller's frame, for backtraces */
static inline uint64_t arch_cycles(void);    /* the clock's counter, tsc_hz() per second */

/* The local interrupt controller and its per-CPU timer: set up on the boot
 * CPU (after tsc_calibrate, which the timer is calibrated against), started
 * periodic on the calling CPU, and the wake-up interrupt to another CPU. */
static inline void arch_irq_init_boot(void);
static inline void arch_timer_start(uint32_t period_us);
static inline void arch_timer_once(uint32_t delay_us); /* one interrupt, then none until set again */
static inline void arch_wake_cpu(unsigned cpu);

#include <arch/arch.h>

#endif
