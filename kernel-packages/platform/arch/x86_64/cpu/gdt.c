/* gdt.c - per-CPU GDT and TSS.
 *
 * Long mode ignores segment bases and limits, so the GDT only needs a
 * 64-bit code segment, a data segment and a TSS. The TSS matters for its
 * interrupt stacks (IST): a double fault or a page fault on an overflowed
 * stack still gets a good stack to report from. */
#include <arch/cpu.h>
#include <stdint.h>

#define IST_STACK_SIZE 8192

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct cpu_tables {
    uint64_t gdt[5]; /* null, code, data, TSS (two slots) */
    struct tss tss;
    uint8_t ist_stack[3][IST_STACK_SIZE] __attribute__((aligned(16)));
};

static struct cpu_tables cpu_tables[PLATFORM_MAX_CPUS] __attribute__((aligned(64)));

struct descriptor_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static uint64_t tss_low(uintptr_t base, uint32_t limit)
{
    return (limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16) |
           (0x89ull << 40) /* present, 64-bit available TSS */ |
           ((uint64_t)((limit >> 16) & 0xf) << 48) |
           ((uint64_t)((base >> 24) & 0xff) << 56);
}

static void gdt_fill(struct cpu_tables *t)
{
    uintptr_t tss = (uintptr_t)&t->tss;

    t->gdt[0] = 0;
    t->gdt[1] = 0x00af9a000000ffffull; /* 64-bit code, DPL 0 */
    t->gdt[2] = 0x00cf92000000ffffull; /* data, DPL 0 */
    t->gdt[3] = tss_low(tss, sizeof(t->tss) - 1);
    t->gdt[4] = (uint64_t)tss >> 32;
    t->tss.ist[IST_DOUBLE_FAULT - 1] = (uintptr_t)t->ist_stack[0] + IST_STACK_SIZE;
    t->tss.ist[IST_PAGE_FAULT - 1] = (uintptr_t)t->ist_stack[1] + IST_STACK_SIZE;
    t->tss.ist[IST_INTERRUPT - 1] = (uintptr_t)t->ist_stack[2] + IST_STACK_SIZE;
    t->tss.iomap_base = sizeof(t->tss); /* no I/O bitmap */
}

/* Reload CS with a far return, the only way to change it in long mode. */
static void gdt_load(struct cpu_tables *t)
{
    struct descriptor_ptr p = { sizeof(t->gdt) - 1, (uint64_t)(uintptr_t)t->gdt };

    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ds\n\t"
                     "movw %w2, %%es\n\t"
                     "movw %w2, %%ss\n\t"
                     "ltr %w3"
                     :
                     : "m"(p), "i"(GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA), "r"(GDT_TSS)
                     : "rax", "memory");
}

void gdt_init_cpu(unsigned cpu)
{
    gdt_fill(&cpu_tables[cpu]);
    gdt_load(&cpu_tables[cpu]);
}
