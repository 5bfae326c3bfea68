/* cpu.h - x86-64 per-CPU setup: GDT/TSS with IST stacks, the IDT, SIMD.
 * Included from assembly too (the selectors and IST slots). */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include <platform/cpu.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS         0x18

/* IST slots (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_PAGE_FAULT   2
#define IST_INTERRUPT    3 /* every other vector, when idt_all_on_ist() asked */

/* The kernel entry block of struct percpu (platform/percpu.h), as the
 * assembly entries reach it through %gs (checked in cpu/percpu.c). */
#define PERCPU_ENTRY_STACK     32
#define PERCPU_ENTRY_SAVED_RSP 40
#define PERCPU_ENTRY_DEPTH     48

#ifndef __ASSEMBLER__
void gdt_init_cpu(unsigned cpu);
void idt_init(void);        /* build the shared table once */
void idt_load(void);        /* load it on the calling CPU */
/* Route every vector that has no stack of its own to IST_INTERRUPT, so no
 * interrupt or exception writes below the interrupted RSP: code built for
 * the Linux ABI keeps live data in the 128-byte red zone there. The APIC
 * vectors then move their frame to the interrupted thread's own stack
 * before the handler runs (cpu/trap_entry.S), so the tick may still
 * switch threads. */
void idt_all_on_ist(void);
void simd_init_cpu(void);   /* AVX state if present (SSE is on since boot) */
#endif /* __ASSEMBLER__ */

#endif
