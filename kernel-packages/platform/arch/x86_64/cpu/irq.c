/* irq.c - dispatch of the APIC vectors. Unhandled ones are simply
 * acknowledged: a wake-up IPI needs no action of its own, its job is to
 * end a hlt. */
#include <arch/lapic.h>
#include <platform/irq.h>

static irq_handler_fn handlers[IRQ_VECTORS];

void irq_set_handler(unsigned vector, irq_handler_fn fn)
{
    if (vector >= IRQ_FIRST_VECTOR && vector < IRQ_FIRST_VECTOR + IRQ_VECTORS)
        handlers[vector - IRQ_FIRST_VECTOR] = fn;
}

/* The APIC is acknowledged before the handler runs: a handler may switch
 * to another thread (the scheduler tick) and come back much later, and an
 * unacknowledged vector would block the timer on this CPU until then. */
void irq_dispatch(unsigned vector)
{
    irq_handler_fn fn = 0;

    if (vector >= IRQ_FIRST_VECTOR && vector < IRQ_FIRST_VECTOR + IRQ_VECTORS)
        fn = handlers[vector - IRQ_FIRST_VECTOR];
    if (vector != VECTOR_SPURIOUS) /* the spurious vector must not be EOI'd */
        lapic_eoi();
    if (fn)
        fn(vector);
}
