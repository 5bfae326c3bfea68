/* idt.c - the interrupt descriptor table. One table is shared by all CPUs;
 * the 32 exception vectors and the APIC vectors 0xf0-0xff are populated
 * (no legacy IRQs are used: the console is polled). */
#include <arch/cpu.h>
#include <platform/irq.h>
#include <stdint.h>

#define IDT_ENTRIES 256
#define EXCEPTION_VECTORS 32
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

struct descriptor_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

extern const uintptr_t trap_vector_table[EXCEPTION_VECTORS]; /* trap_entry.S */
extern const uintptr_t irq_vector_table[IRQ_VECTORS];
extern const uintptr_t irq_ist_vector_table[IRQ_VECTORS]; /* move their frame off the IST */

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));

static void idt_set(unsigned vec, uintptr_t handler, unsigned ist)
{
    struct idt_gate *g = &idt[vec];

    g->offset_low = handler & 0xffff;
    g->selector = GDT_KERNEL_CODE;
    g->ist = ist;
    g->type = GATE_INTERRUPT;
    g->offset_mid = (handler >> 16) & 0xffff;
    g->offset_high = handler >> 32;
}

/* Which exceptions get a private stack: those that may be caused by the
 * current stack being unusable. */
static unsigned ist_for(unsigned vec)
{
    if (vec == 8 || vec == 2 || vec == 18) /* #DF, NMI, #MC */
        return IST_DOUBLE_FAULT;
    if (vec == 14) /* #PF: a stack overflow hits the guard page */
        return IST_PAGE_FAULT;
    return 0;
}

void idt_init(void)
{
    unsigned v;

    for (v = 0; v < EXCEPTION_VECTORS; v++)
        idt_set(v, trap_vector_table[v], ist_for(v));
    for (v = 0; v < IRQ_VECTORS; v++)
        idt_set(IRQ_FIRST_VECTOR + v, irq_vector_table[v], 0);
}

/* Exceptions stay on the IST stack: they end in a panic and never switch. */
void idt_all_on_ist(void)
{
    unsigned v;

    for (v = 0; v < IRQ_VECTORS; v++)
        idt_set(IRQ_FIRST_VECTOR + v, irq_ist_vector_table[v], IST_INTERRUPT);
    for (v = 0; v < IDT_ENTRIES; v++)
        if (idt[v].type && !idt[v].ist)
            idt[v].ist = IST_INTERRUPT;
}

void idt_load(void)
{
    struct descriptor_ptr p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

    __asm__ volatile("lidt %0" : : "m"(p));
}
