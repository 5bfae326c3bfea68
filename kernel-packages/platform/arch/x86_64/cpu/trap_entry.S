/* trap_entry.S - exception entry stubs.
 *
 * The CPU pushes an error code for some vectors only; the stubs push a
 * zero for the others so every frame has the same shape (struct
 * trap_frame in platform/trap.h). */

.macro TRAP_NOERR vec
    .balign 16
trap_\vec:
    pushq $0
    pushq $\vec
    jmp trap_common
.endm

.macro TRAP_ERR vec
    .balign 16
trap_\vec:
    pushq $\vec
    jmp trap_common
.endm

    .set FXSAVE_SIZE, 512

    .text
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
/* APIC vectors 0xf0-0xff (platform/irq.h) share the exception path. */
.irp vec, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
TRAP_NOERR \vec
.endr

trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    cld
    movq %rsp, %rdi
    movq %rsp, %rbx                 /* callee-saved: undo the alignment */
    /* The handler is C, free to use SSE, and may interrupt any thread at
     * any instruction (timer preemption): keep the interrupted SSE/x87
     * state. Legacy SSE leaves the upper AVX halves alone, so fxsave is
     * enough here; a switch to another thread saves the rest. */
    andq $-16, %rsp
    subq $FXSAVE_SIZE, %rsp
    fxsave64 (%rsp)
    xorl %ebp, %ebp                 /* handler's backtrace starts fresh */
    call trap_handler
    fxrstor64 (%rsp)
    movq %rbx, %rsp
    /* Return path for interrupts (and NMIs that find no panic). */
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
    addq $16, %rsp                  /* vector and error code */
    iretq

    .section .rodata
    .balign 8
    .globl trap_vector_table
trap_vector_table:
.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_\vec
.endr
    .globl irq_vector_table
irq_vector_table:
.irp vec, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
    .quad trap_\vec
.endr
