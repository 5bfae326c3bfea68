/* irq.h - x86-64 interrupt vectors the platform hands to irq_dispatch: the
 * local APIC's 0xf0-0xff, above the exception range and the legacy IRQs. */
#ifndef ARCH_X86_64_IRQ_H
#define ARCH_X86_64_IRQ_H

#define IRQ_FIRST_VECTOR 0xf0
#define IRQ_VECTORS 16

#define VECTOR_TIMER    0xf0
#define VECTOR_WAKEUP   0xf1
#define VECTOR_SPURIOUS 0xff

#endif
