/* irq.h - handlers for the interrupts the platform routes to the kernel:
 * the per-CPU timer (VECTOR_TIMER), the wake-up between CPUs
 * (VECTOR_WAKEUP), spurious ones. The arch numbers them (<arch/irq.h>) and
 * acknowledges its interrupt controller before the handler runs. */
#ifndef PLATFORM_IRQ_H
#define PLATFORM_IRQ_H

#include <arch/irq.h>

typedef void (*irq_handler_fn)(unsigned vector);

void irq_set_handler(unsigned vector, irq_handler_fn fn);
void irq_dispatch(unsigned vector); /* called by the arch's trap handler */

#endif
