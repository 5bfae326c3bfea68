/*
 * A tiny PVH-bootable "net" for testing Diver's launcher without a real kernel.
 * QEMU enters it in 32-bit protected mode (paging off) with %ebx pointing at the
 * hvm_start_info block. It prints "hi\n" and the kernel command line on COM1, then:
 *   default          reports app code EXIT_CODE (default 0): writes EXIT_CODE + 1 to
 *                    isa-debug-exit (port 0xf4), as docs/kernel-contract.md says
 *   -DHANG           halts forever (timeout and interrupt tests)
 *   -DRESET          triple-faults (QEMU with -no-reboot then exits with status 0)
 *   -DPANIC          writes the panic code 127
 */
#ifndef EXIT_CODE
#define EXIT_CODE 0
#endif

#define COM1 0x3f8
#define DEBUG_EXIT 0xf4
#define START_INFO_CMDLINE 24   /* hvm_start_info.cmdline_paddr (u64; below 4 GiB here) */

        /* Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY (18): QEMU's PVH loader looks for it. The
           descriptor is 8 bytes in an ELF64 image because QEMU reads it as a pointer-sized value. */
        .section .note.Xen, "a", @note
        .p2align 2
        .long 4                 /* namesz: "Xen\0" */
        .long 8                 /* descsz */
        .long 18                /* type: PHYS32_ENTRY */
        .asciz "Xen"
        .quad _start

        .text
        .code32
        .globl _start
_start:
        cli
        mov     $COM1, %dx
        mov     $'h', %al
        out     %al, %dx
        mov     $'i', %al
        out     %al, %dx
        mov     $'\n', %al
        out     %al, %dx

        /* Echo the command line so tests can check argv quoting end to end. */
        mov     START_INFO_CMDLINE(%ebx), %esi
        test    %esi, %esi
        jz      2f
1:      movb    (%esi), %al
        test    %al, %al
        jz      2f
        out     %al, %dx
        inc     %esi
        jmp     1b
2:      mov     $'\n', %al
        out     %al, %dx

#if defined(HANG)
3:      hlt
        jmp     3b
#elif defined(RESET)
        lidt    null_idt
        int3                    /* no IDT: #BP -> #DF -> triple fault */
#else
#if defined(PANIC)
        mov     $127, %eax
#else
        mov     $(EXIT_CODE + 1), %eax
#endif
        mov     $DEBUG_EXIT, %dx
        out     %eax, %dx
4:      hlt                     /* not reached: QEMU exits on the write */
        jmp     4b
#endif

        .data
        .p2align 3
null_idt:
        .word   0
        .long   0
