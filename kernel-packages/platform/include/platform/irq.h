/* irq.h - handlers for interrupt vectors 0xf0-0xff (local APIC timer,
 * IPIs, spurious). The platform acknowledges the APIC before the handler. */
#ifndef PLATFORM_IRQ_H
#define PLATFORM_IRQ_H

#define IRQ_FIRST_VECTOR 0xf0
#define IRQ_VECTORS 16

typedef void (*irq_handler_fn)(unsigned vector);

void irq_set_handler(unsigned vector, irq_handler_fn fn);
void irq_dispatch(unsigned vector); /* called by trap_handler */

#endif
