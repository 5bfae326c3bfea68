/* ap_trampoline.S - where a started application processor begins.
 *
 * A STARTUP IPI starts the AP in 16-bit real mode at a page-aligned address
 * below 1 MiB. smp.c copies this blob to AP_TRAMPOLINE (0x8000) and fills
 * the parameter slots at its end; the code walks real -> protected -> long
 * mode with the boot CPU's page tables and calls entry(cpu) on the given
 * stack. Everything is addressed relative to the copy, hence REL(). */
#define AP_TRAMPOLINE 0x8000
#define REL(x) (AP_TRAMPOLINE + (x) - ap_trampoline_start)

#include <arch/long_mode.h>

#define CR0_PE (1 << 0)

    .section .text.ap_trampoline, "ax"
    .globl ap_trampoline_start, ap_trampoline_end
    .globl ap_tramp_cr3, ap_tramp_stack, ap_tramp_entry, ap_tramp_cpu
    .code16
ap_trampoline_start:
    cli
    cld
    xorw %ax, %ax
    movw %ax, %ds
    lgdtl REL(tramp_gdt_desc)
    movl %cr0, %eax
    orl  $CR0_PE, %eax
    movl %eax, %cr0
    ljmpl $0x08, $REL(pm32)

    .code32
pm32:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    ENABLE_LONG_MODE REL(ap_tramp_cr3)
    ljmpl $0x18, $REL(lm64)

    .code64
lm64:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movq REL(ap_tramp_stack), %rsp
    movl REL(ap_tramp_cpu), %edi
    movq REL(ap_tramp_entry), %rax
    xorl %ebp, %ebp
    fninit
    call *%rax
1:  cli
    hlt
    jmp 1b

    .balign 8
tramp_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
    .quad 0x00af9a000000ffff        /* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdt_desc:
    .short tramp_gdt_end - tramp_gdt - 1
    .long REL(tramp_gdt)

    .balign 8
ap_tramp_cr3:   .quad 0
ap_tramp_stack: .quad 0
ap_tramp_entry: .quad 0
ap_tramp_cpu:   .quad 0
ap_trampoline_end:
