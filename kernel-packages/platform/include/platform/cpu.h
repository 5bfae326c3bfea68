/* cpu.h - processor services the arch gives the rest of the platform:
 * the boot CPU's setup, guard pages, running code on another stack.
 * Implemented in arch/<arch>/cpu/; x86-64's descriptor tables and IST
 * stacks are in <arch/cpu.h>. Functions that set a CPU up take its index:
 * the boot CPU and the application processors run the same setup. */
#ifndef PLATFORM_CPU_H
#define PLATFORM_CPU_H

#define PLATFORM_MAX_CPUS 64

#ifndef __ASSEMBLER__ /* the constant above serves assembly too */
#include <stddef.h>
#include <stdint.h>

void cpu_init_boot(void);   /* exception handling and SIMD state, for CPU 0 */
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
