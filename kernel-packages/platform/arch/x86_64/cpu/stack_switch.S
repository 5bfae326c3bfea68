/* stack_switch.S - call_on_stack(fn, a, b, stack_top): run fn(a, b) on a
 * new stack. %rbp is zeroed so backtraces stop at the new stack's base
 * instead of wandering back into the boot stack. */
    .text
    .globl call_on_stack
call_on_stack:
    pushq %rbp
    movq %rsp, %rbp
    pushq %rbx
    movq %rsp, %rbx                 /* old stack, callee-saved */
    movq %rcx, %rsp
    andq $-16, %rsp
    movq %rdi, %rax
    movl %esi, %edi
    movq %rdx, %rsi
    pushq $0                        /* fake return address ends the chain */
    pushq $0                        /* fake saved %rbp */
    movq %rsp, %rbp
    call *%rax
    movq %rbx, %rsp
    popq %rbx
    popq %rbp
    ret
