/* switch.S - x86-64 context switch.
 *
 * arch_switch(save, next) is an ordinary call, so only the callee-saved
 * registers need saving (SysV ABI): they go on the old stack, whose
 * pointer is stored in *save; then the next stack is loaded and popped.
 * FPU/SSE state is saved and restored around it in C (runqueue.c). A new
 * thread's stack (arch_initial_rsp in context.c) "returns" into
 * arch_thread_start. */
    .text
    .globl arch_switch
arch_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

    .globl arch_thread_start
arch_thread_start:
    xorl %ebp, %ebp                 /* backtraces end at the thread's base */
    andq $-16, %rsp
    call sched_thread_entry
    ud2                             /* sched_thread_entry never returns */
