/* trap.c - what happens on a CPU exception: a full report, then panic.
 *
 * Apps run in kernel mode, so every exception is fatal. The report is
 * meant for people and for tools: the first line names the fault, the
 * "  bt: 0x..." lines can be fed to a symbolizer together with the ELF. */
#include <arch/trap.h>
#include <arch/x86.h>
#include <platform/exit.h>
#include <platform/irq.h>
#include <platform/panic.h>
#include <platform/percpu.h>
#include <stdio.h>

#define VECTOR_NMI 2
#define VECTOR_PAGE_FAULT 14
#define EXCEPTION_VECTORS 32
#define PAGE_SIZE 4096

static const char *const trap_names[32] = {
    "Divide error", "Debug", "Non-maskable interrupt", "Breakpoint",
    "Overflow", "BOUND range exceeded", "Invalid opcode", "Device not available",
    "Double fault", "Coprocessor segment overrun", "Invalid TSS", "Segment not present",
    "Stack-segment fault", "General protection fault", "Page fault", "Reserved (15)",
    "x87 floating-point error", "Alignment check", "Machine check", "SIMD floating-point error",
    "Virtualization exception", "Control protection exception", "Reserved (22)", "Reserved (23)",
    "Reserved (24)", "Reserved (25)", "Reserved (26)", "Reserved (27)",
    "Hypervisor injection exception", "VMM communication exception", "Security exception", "Reserved (31)",
};

static uintptr_t stack_guard;

void trap_set_stack_guard(uintptr_t guard_page) { stack_guard = guard_page; }

const char *trap_name(unsigned vector)
{
    return vector < 32 ? trap_names[vector] : "Interrupt";
}

static void trap_print_fault_address(const struct trap_frame *tf)
{
    uint64_t cr2 = read_cr2();

    uintptr_t thread_guard = this_cpu()->stack_guard;

    fprintf(stderr, "  CR2: 0x%016lx", cr2);
    if (thread_guard && cr2 >= thread_guard && cr2 < thread_guard + PAGE_SIZE)
        fprintf(stderr, " (stack overflow: hit the guard page below thread %ld's stack)", this_cpu()->thread_id);
    else if (stack_guard && cr2 >= stack_guard && cr2 < stack_guard + PAGE_SIZE)
        fprintf(stderr, " (stack overflow: hit the guard page below main's stack)");
    else if (cr2 < PAGE_SIZE)
        fprintf(stderr, " (NULL pointer dereference)");
    fprintf(stderr, " [%s, %s]\n", tf->error & 2 ? "write" : "read",
            tf->error & 1 ? "protection violation" : "page not present");
}

static void trap_print_registers(const struct trap_frame *tf)
{
    fprintf(stderr, "  RAX: 0x%016lx  RBX: 0x%016lx  RCX: 0x%016lx\n", tf->rax, tf->rbx, tf->rcx);
    fprintf(stderr, "  RDX: 0x%016lx  RSI: 0x%016lx  RDI: 0x%016lx\n", tf->rdx, tf->rsi, tf->rdi);
    fprintf(stderr, "  RBP: 0x%016lx  RSP: 0x%016lx  R8:  0x%016lx\n", tf->rbp, tf->rsp, tf->r8);
    fprintf(stderr, "  R9:  0x%016lx  R10: 0x%016lx  R11: 0x%016lx\n", tf->r9, tf->r10, tf->r11);
    fprintf(stderr, "  R12: 0x%016lx  R13: 0x%016lx  R14: 0x%016lx\n", tf->r12, tf->r13, tf->r14);
    fprintf(stderr, "  R15: 0x%016lx  RFLAGS: 0x%016lx\n", tf->r15, tf->rflags);
    fprintf(stderr, "  CS: 0x%04lx  SS: 0x%04lx\n", tf->cs, tf->ss);
}

void trap_handler(struct trap_frame *tf)
{
    if (tf->vector >= EXCEPTION_VECTORS) {
        irq_dispatch(tf->vector);
        return;
    }
    /* Another CPU panicked and stopped us: stay out of its report. */
    if (tf->vector == VECTOR_NMI && panic_in_progress())
        cpu_halt_forever();
    if (panic_begin())
        platform_exit_code(EXIT_CODE_PANIC); /* faulted while reporting */

    fprintf(stderr, "PANIC: %s (vector %lu, error 0x%lx)\n", trap_name(tf->vector), tf->vector,
            tf->error);
    panic_print_where();
    fprintf(stderr, "  RIP: 0x%016lx\n", tf->rip);
    if (tf->vector == VECTOR_PAGE_FAULT)
        trap_print_fault_address(tf);
    trap_print_registers(tf);
    panic_backtrace(tf->rbp);
    panic_finish();
}
