/* trap_entry.S - exception entry stubs.
 *
 * The CPU pushes an error code for some vectors only; the stubs push a
 * zero for the others so every frame has the same shape (struct
 * trap_frame in platform/trap.h). */
#include <arch/cpu.h>

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
    .set RED_ZONE, 128

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

/* Saves the interrupted registers (struct trap_frame) and its x87/SSE
 * state around trap_handler, on whatever stack the frame is on. */
.macro SAVE_CALL_RESTORE
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
.endm

trap_common:
    SAVE_CALL_RESTORE
    /* Return path for interrupts (and NMIs that find no panic). */
    addq $16, %rsp                  /* vector and error code */
    iretq

/* The APIC vectors of a kernel whose interrupts all arrive on the CPU's
 * one IST stack (idt_all_on_ist: the Posix kernel, whose programs keep
 * live data in the red zone below RSP). The handler may switch threads
 * (the scheduler's tick), and the next interrupt on this CPU would write
 * over a frame left on that shared stack; so the frame moves first to a
 * stack of the interrupted thread's own, where it stays while the thread
 * is switched out, and iretq returns from there:
 * - entry depth 0 (the thread runs its own code, maybe with data in the
 *   red zone): the top of its entry stack, which nothing else then uses;
 * - inside an entry (a system call waiting with interrupts on, in hlt):
 *   below the interrupted RSP and 128 bytes more, on that entry stack;
 * - no entry stack (an idle loop): below RSP and 128 bytes, the same.
 * The move counts as an entry (depth + 1), so a system call made inside
 * the handler (a panic's fprintf) stays below the frame. The scheduler
 * keeps the entry block per thread (sched_set_current). */
.macro IRQ_IST vec
    .balign 16
irq_ist_\vec:
    pushq $\vec
    jmp irq_ist_common
.endm

.irp vec, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
IRQ_IST \vec
.endr

    /* On the IST stack: the vector, then the CPU's RIP, CS, RFLAGS, RSP, SS. */
    .set IST_VECTOR, 16             /* above the two scratch registers */
    .set IST_RIP, 24
    .set IST_CS, 32
    .set IST_RFLAGS, 40
    .set IST_RSP, 48
    .set IST_SS, 56
irq_ist_common:
    pushq %rax
    pushq %rcx
    movq %gs:PERCPU_ENTRY_STACK, %rax
    cmpq $0, %gs:PERCPU_ENTRY_DEPTH
    jne 1f
    testq %rax, %rax
    jnz 2f
1:  movq IST_RSP(%rsp), %rax
    subq $RED_ZONE, %rax
2:  andq $-16, %rax                 /* as the CPU aligns an interrupt frame */
    /* The frame trap_common would have: SS..RIP, error 0, vector; then the
     * two scratch registers to pop once there. */
    movq IST_SS(%rsp), %rcx
    movq %rcx, -8(%rax)
    movq IST_RSP(%rsp), %rcx
    movq %rcx, -16(%rax)
    movq IST_RFLAGS(%rsp), %rcx
    movq %rcx, -24(%rax)
    movq IST_CS(%rsp), %rcx
    movq %rcx, -32(%rax)
    movq IST_RIP(%rsp), %rcx
    movq %rcx, -40(%rax)
    movq $0, -48(%rax)
    movq IST_VECTOR(%rsp), %rcx
    movq %rcx, -56(%rax)
    movq 8(%rsp), %rcx              /* the interrupted RAX */
    movq %rcx, -64(%rax)
    movq (%rsp), %rcx               /* the interrupted RCX */
    movq %rcx, -72(%rax)
    leaq -72(%rax), %rsp            /* off the IST stack for good */
    popq %rcx
    popq %rax
    incq %gs:PERCPU_ENTRY_DEPTH
    SAVE_CALL_RESTORE
    decq %gs:PERCPU_ENTRY_DEPTH     /* interrupts are still off: no entry between */
    addq $16, %rsp
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
    .globl irq_ist_vector_table
irq_ist_vector_table:
.irp vec, 240,241,242,243,244,245,246,247,248,249,250,251,252,253,254,255
    .quad irq_ist_\vec
.endr
