/* cpu.h - per-CPU processor setup: descriptor tables, SIMD, paging tweaks.
 * Functions take the CPU index: the boot CPU and the application
 * processors (cpu/smp.c) run the same setup. */
#ifndef PLATFORM_CPU_H
#define PLATFORM_CPU_H

#define PLATFORM_MAX_CPUS 64

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS         0x18

/* IST slots (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_PAGE_FAULT   2
#define IST_INTERRUPT    3 /* every other vector, when idt_all_on_ist() asked */

#ifndef __ASSEMBLER__ /* the constants above serve assembly too */
#include <stddef.h>
#include <stdint.h>

void gdt_init_cpu(unsigned cpu);
void idt_init(void);        /* build the shared table once */
void idt_load(void);        /* load it on the calling CPU */
/* Route every vector that has no stack of its own to IST_INTERRUPT, so no
 * interrupt or exception writes below the interrupted RSP: code built for
 * the Linux ABI keeps live data in the 128-byte red zone there. */
void idt_all_on_ist(void);
/* Whether idt_all_on_ist() was called: interrupts then run on one stack per
 * CPU, so nothing may switch threads inside a handler (the next interrupt
 * would reuse the stack the switched-out thread's frame is on). */
int idt_irqs_on_shared_stack(void);
void simd_init_cpu(void);   /* AVX state if present (SSE is on since boot) */
void cpu_init_boot(void);   /* everything above, for CPU 0 */

/* Make a 4 KiB page non-present (guard pages); 0 on success. */
int paging_unmap_4k(uintptr_t va);
/* Map it again (identity, writable), e.g. before its memory is reused. */
void paging_map_4k(uintptr_t va);
/* Flush this CPU's TLB if any CPU unmapped a page since it last did. */
void paging_sync_cpu(void);

/* Run fn(a, b) on a fresh stack whose top is stack_top. */
int call_on_stack(int (*fn)(int, char **), int a, char **b, void *stack_top);

#endif /* __ASSEMBLER__ */

#endif
