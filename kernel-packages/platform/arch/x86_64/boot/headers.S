/* headers.S - the two ways a loader can find our entry point.
 *
 * PVH: QEMU (microvm -kernel) and Firecracker look for a Xen ELF note of
 * type XEN_ELFNOTE_PHYS32_ENTRY (18) in a PT_NOTE segment; its payload is
 * the 32-bit physical address to jump to.
 *
 * Multiboot2: GRUB scans the first 32 KiB of the file for this header
 * (8-byte aligned). The linker script puts .multiboot2 first. The entry
 * address tag makes GRUB use mb2_start32 even though the ELF entry is
 * _start. */
#include <arch/boot.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18

    .section .note.Xen, "a", @note
    .balign 4
    .long 4                 /* namesz: "Xen\0" */
    .long 4                 /* descsz */
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .balign 4
    .long pvh_start32
    .balign 4

    .section .multiboot2, "a"
    .balign 8
    .globl mb2_header
mb2_header:
    .long MB2_HEADER_MAGIC
    .long 0                                 /* architecture: i386 protected mode */
    .long mb2_header_end - mb2_header
    .long -(MB2_HEADER_MAGIC + 0 + (mb2_header_end - mb2_header))

    .balign 8                               /* entry address tag */
    .short 3, 0
    .long 12
    .long mb2_start32

    .balign 8                               /* end tag */
    .short 0, 0
    .long 8
mb2_header_end:
