/* percpu.h - data private to each CPU, reached through a per-CPU register
 * (x86-64: the GS base) so "which CPU am I" costs one load. The kernel hangs its own per-CPU state
 * (scheduler queue, current thread) off the `kernel` pointer. */
#ifndef PLATFORM_PERCPU_H
#define PLATFORM_PERCPU_H

#include <stddef.h>
#include <stdint.h>

struct percpu {
    struct percpu *self;   /* %gs:0, so the struct's address is one load away */
    unsigned index;        /* %gs:8, dense 0..n-1; 0 is the boot CPU */
    uint32_t apic_id;
    long thread_id;        /* what panics report; set by the scheduler */
    void *kernel;          /* the kernel's per-CPU state */
    /* Kernel entry without a free register (the Posix kernel's `syscall`
     * entry): the stack to switch to, the caller's RSP while switching, and
     * how deep the CPU is in entries (nested entries keep their stack). */
    uintptr_t entry_stack; /* %gs:32 */
    uintptr_t entry_saved_rsp; /* %gs:40 */
    unsigned long entry_depth; /* %gs:48 */
    void *thread;          /* the scheduler's current thread (one load, so preemption-safe) */
    uintptr_t stack_guard; /* guard page below the current thread's stack, 0 if none */
    unsigned locks_held;   /* spinlocks this CPU holds; interrupts are off while > 0 */
    int irq_was_on;        /* interrupt flag to restore when the last lock goes */
    uint32_t tick_us;      /* this CPU's periodic timer, 0 while none runs: what may wake a halt */
};

/* Points this CPU's per-CPU register at slot `index` (call first thing on a CPU). */
void percpu_init(unsigned index, uint32_t apic_id);
struct percpu *percpu_slot(unsigned index);

/* this_cpu(), cpu_index() and this_cpu_thread(): one load each, from the
 * arch's per-CPU register (x86-64: the GS base). */
#include <arch/percpu.h>

#endif
