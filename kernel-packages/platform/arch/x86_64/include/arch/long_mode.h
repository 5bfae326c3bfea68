/* long_mode.h - assembler macro shared by the boot CPU's entry (boot/entry.S)
 * and the AP trampoline (cpu/ap_trampoline.S): from 32-bit protected mode
 * with paging off, switch on PAE, SSE, the given page tables, EFER.LME and
 * paging. The caller then far-jumps into a 64-bit code segment. */
#ifndef ARCH_X86_64_LONG_MODE_H
#define ARCH_X86_64_LONG_MODE_H

#define LM_CR0_MP  (1 << 1)
#define LM_CR0_EM  (1 << 2)
#define LM_CR0_NE  (1 << 5)
#define LM_CR0_PG  (1 << 31)
#define LM_CR4_PAE        (1 << 5)
#define LM_CR4_OSFXSR     (1 << 9)
#define LM_CR4_OSXMMEXCPT (1 << 10)
#define LM_MSR_EFER 0xc0000080
#define LM_EFER_LME (1 << 8)

/* pml4: a movl source operand giving the PML4's physical address. */
.macro ENABLE_LONG_MODE pml4
    movl %cr4, %eax
    orl  $(LM_CR4_PAE | LM_CR4_OSFXSR | LM_CR4_OSXMMEXCPT), %eax
    movl %eax, %cr4
    movl \pml4, %eax
    movl %eax, %cr3
    movl $LM_MSR_EFER, %ecx
    rdmsr
    orl  $LM_EFER_LME, %eax
    wrmsr
    movl %cr0, %eax
    andl $~LM_CR0_EM, %eax          /* SSE needs the FPU, not emulation */
    orl  $(LM_CR0_PG | LM_CR0_MP | LM_CR0_NE), %eax
    movl %eax, %cr0
.endm

#endif
