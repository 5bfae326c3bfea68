/* switch.S - cooperative context switch.
 *
 * nk_switch(save, next) is an ordinary call, so only the callee-saved
 * registers need saving (SysV ABI): they go on the old stack, whose
 * pointer is stored in *save; then the next stack is loaded and popped.
 * A new thread's stack is built by thread.c to "return" into
 * nk_thread_start. */
    .text
    .globl nk_switch
nk_switch:
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

    .globl nk_thread_start
nk_thread_start:
    xorl %ebp, %ebp                 /* backtraces end at the thread's base */
    andq $-16, %rsp
    call nk_thread_entry
    ud2                             /* nk_thread_entry never returns */
