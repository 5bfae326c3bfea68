/* syscall_entry.S - the `syscall` instruction's landing point (IA32_LSTAR).
 *
 * Apps run in ring 0 and are built for the Linux ABI, so the code that
 * executed `syscall` may keep live data in the 128 bytes below its RSP
 * (the red zone). Nothing here writes below the caller's RSP: the first
 * instruction parks RSP in the per-CPU block and the second switches to
 * the running thread's entry stack, which the scheduler puts in that block
 * (IA32_FMASK cleared IF, so no interrupt lands in between). Entries from
 * kernel code already inside a call (musl code a handler runs, such as the
 * fprintf of an ENOSYS line or a fault report) stay on the stack they are on,
 * 128 bytes below RSP: kernel code is built without a red zone, and no
 * function of Debian's musl 1.2.3 libc.a keeps data below RSP across its
 * `syscall` (objdump: none that executes it addresses memory below RSP), but
 * musl is built for the Linux ABI, so a future build may.
 *
 * `sysret` always returns to ring 3, so the way back is `iretq` with a
 * frame built here: it restores RIP (saved in RCX by `syscall`), RFLAGS
 * (R11) and the caller's RSP at once. Linux preserves every register but
 * RAX, RCX and R11 across a call, SSE state included; handlers may run
 * musl code that uses SSE, so the FPU/SSE state is saved around them. */
#include <arch/cpu.h>

#define FXSAVE_AREA            512
#define ARGS_AREA              80 /* sizeof(struct syscall_args), rounded up to 16 */

    .text
    .globl syscall_entry
    .type syscall_entry, @function
syscall_entry:
    movq %rsp, %gs:PERCPU_ENTRY_SAVED_RSP
    cmpq $0, %gs:PERCPU_ENTRY_DEPTH
    jne 1f
    movq %gs:PERCPU_ENTRY_STACK, %rsp
    jmp 2f
1:  subq $128, %rsp                 /* nested: past the caller's red zone */
2:  incq %gs:PERCPU_ENTRY_DEPTH
    /* iretq frame: SS, RSP, RFLAGS, CS, RIP */
    pushq $GDT_KERNEL_DATA
    pushq %gs:PERCPU_ENTRY_SAVED_RSP
    pushq %r11
    pushq $GDT_KERNEL_CODE
    pushq %rcx
    /* A frame-pointer link over the caller's RIP, so fault backtraces
     * taken inside a handler continue into the app. */
    pushq %rbp
    movq %rsp, %rbp
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %r10
    pushq %r8
    pushq %r9
    pushq %rbx
    movq %rsp, %rbx
    andq $-16, %rsp
    subq $FXSAVE_AREA, %rsp
    fxsave64 (%rsp)
    /* struct syscall_args { nr, a[6], rip, rflags } below the save area */
    subq $ARGS_AREA, %rsp
    movq %rax, 0(%rsp)
    movq %rdi, 8(%rsp)
    movq %rsi, 16(%rsp)
    movq %rdx, 24(%rsp)
    movq %r10, 32(%rsp)
    movq %r8, 40(%rsp)
    movq %r9, 48(%rsp)
    movq %rcx, 56(%rsp)
    movq %r11, 64(%rsp)
    movq %rsp, %rdi
    cld
    call syscall_dispatch
    cli                             /* handlers may have waited with IF on */
    fxrstor64 ARGS_AREA(%rsp)
    movq %rbx, %rsp
    popq %rbx
    popq %r9
    popq %r8
    popq %r10
    popq %rdx
    popq %rsi
    popq %rdi
    popq %rbp
    decq %gs:PERCPU_ENTRY_DEPTH
    iretq
    .size syscall_entry, . - syscall_entry
