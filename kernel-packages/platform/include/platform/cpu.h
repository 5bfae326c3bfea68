/* cpu.h - per-CPU processor setup: descriptor tables, SIMD, paging tweaks.
 * Functions take the CPU index: the boot CPU and the application
 * processors (cpu/smp.c) run the same setup. */
#ifndef PLATFORM_CPU_H
#define PLATFORM_CPU_H

#include <stddef.h>
#include <stdint.h>

#define PLATFORM_MAX_CPUS 64

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS         0x18

/* IST slots (1-based, as the IDT encodes them). */
#define IST_DOUBLE_FAULT 1
#define IST_PAGE_FAULT   2

void gdt_init_cpu(unsigned cpu);
void idt_init(void);        /* build the shared table once */
void idt_load(void);        /* load it on the calling CPU */
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

#endif
