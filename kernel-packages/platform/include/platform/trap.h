/* trap.h - saved CPU state at an exception, as laid out by trap_entry.S. */
#ifndef PLATFORM_TRAP_H
#define PLATFORM_TRAP_H

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
const char *trap_name(unsigned vector);

/* Lets the fault handler call an overflow of the app stack by its name. */
void trap_set_stack_guard(uintptr_t guard_page);

#endif
