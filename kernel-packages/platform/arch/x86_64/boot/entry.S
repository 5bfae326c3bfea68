/* entry.S - from the loader's 32-bit protected mode to 64-bit C.
 *
 * Both PVH and Multiboot2 enter in flat 32-bit protected mode with paging
 * off, interrupts off and no usable stack; %ebx points at the boot info.
 * We zero .bss, identity-map the low 4 GiB, turn on SSE (apps are compiled
 * with it), enter long mode and call platform_entry(proto, info).
 *
 * Page tables: PML4[0] -> one PDPT -> four page directories of 2 MiB pages.
 * The first 2 MiB use a 4 KiB page table instead so page 0 can be left
 * unmapped: NULL dereferences then fault instead of reading the IVT. */
#include <arch/boot.h>
#include <arch/long_mode.h>

#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_PS  0x080


#define BOOT_STACK_SIZE 16384

    .section .boot.text, "ax"
    .code32

/* PVH entry (named by the ELF note). */
    .globl pvh_start32
pvh_start32:
    movl $BOOT_PROTO_PVH, %ebp
    jmp  common32

/* Multiboot2 entry (named by the header's entry tag). */
    .globl mb2_start32
mb2_start32:
    movl $BOOT_PROTO_MULTIBOOT2, %ebp
    cmpl $MB2_BOOTLOADER_MAGIC, %eax
    je   common32
    movl $BOOT_PROTO_UNKNOWN, %ebp
    jmp  common32

/* ELF entry, for loaders that honour neither header: guess from the magic
 * values the two protocols leave behind. */
    .globl _start
_start:
    cmpl $MB2_BOOTLOADER_MAGIC, %eax
    je   mb2_start32
    cmpl $PVH_START_INFO_MAGIC, (%ebx)
    je   pvh_start32
    movl $BOOT_PROTO_UNKNOWN, %ebp

common32:
    cli
    cld
    movl %ebx, %esi                 /* boot info survives in %esi */

    /* Zero .bss first: the page tables and boot stack live there. */
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    rep stosb
    movl $boot_stack_top, %esp

    call build_page_tables
    call enable_long_mode

    lgdt boot_gdt_desc
    ljmp $0x08, $entry64

build_page_tables:
    movl $boot_pdpt + (PTE_P | PTE_W), boot_pml4
    /* Four PDPT entries, one per GiB. */
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $12, %eax
    addl $boot_pd + (PTE_P | PTE_W), %eax
    movl %eax, boot_pdpt(, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jb   1b
    /* 2048 2 MiB pages covering 0..4 GiB; bits 32+ stay zero from .bss. */
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $21, %eax
    orl  $(PTE_P | PTE_W | PTE_PS), %eax
    movl %eax, boot_pd(, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jb   2b
    /* First 2 MiB: 4 KiB pages, entry 0 left not-present. */
    movl $boot_pt0 + (PTE_P | PTE_W), boot_pd
    movl $1, %ecx
3:  movl %ecx, %eax
    shll $12, %eax
    orl  $(PTE_P | PTE_W), %eax
    movl %eax, boot_pt0(, %ecx, 8)
    incl %ecx
    cmpl $512, %ecx
    jb   3b
    ret

enable_long_mode:
    ENABLE_LONG_MODE $boot_pml4
    ret

    .code64
entry64:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorl %eax, %eax
    movw %ax, %fs
    movw %ax, %gs
    movl $boot_stack_top, %esp      /* zero-extends into %rsp */
    movl %ebp, %edi                 /* proto */
                                    /* %esi = info, already zero-extended */
    xorl %ebp, %ebp                 /* terminates frame-pointer backtraces */
    fninit
    call platform_entry
1:  cli
    hlt
    jmp  1b

/* Only used until cpu/gdt.c installs the per-CPU table. */
    .section .rodata
    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_desc:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

/* Pull headers.o out of the archive along with this file; the section is
 * discarded by the linker script. */
    .section .discard.refs, "a"
    .quad mb2_header

    .section .bss
    .balign 4096
    .globl boot_pml4, boot_pdpt, boot_pd, boot_pt0
boot_pml4:  .skip 4096
boot_pdpt:  .skip 4096
boot_pd:    .skip 4 * 4096
boot_pt0:   .skip 4096
    .balign 16
boot_stack: .skip BOOT_STACK_SIZE
boot_stack_top:
