/* trap.h - saved CPU state at an x86-64 exception, as laid out by
 * arch/x86_64/cpu/trap_entry.S. */
#ifndef ARCH_X86_64_TRAP_H
#define ARCH_X86_64_TRAP_H

#include <platform/trap.h>
#include <stdint.h>

struct trap_frame {
    /* pushed by trap_entry.S, last pushed first */
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    /* pushed by the CPU */
    uint64_t rip, cs, rflags, rsp, ss;
};

void trap_handler(struct trap_frame *tf);

#endif
