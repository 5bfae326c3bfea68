/* boot.h - boot protocols the platform understands and the normalized
 * description of what the boot loader handed us. The arch's entry code
 * and protocol parsers fill it (x86-64: <arch/boot.h>).
 * Included from assembly too, hence the __ASSEMBLER__ guard. */
#ifndef PLATFORM_BOOT_H
#define PLATFORM_BOOT_H

#define BOOT_PROTO_UNKNOWN    0
#define BOOT_PROTO_PVH        1
#define BOOT_PROTO_MULTIBOOT2 2

#ifndef __ASSEMBLER__
#include <stdint.h>

struct boot_info {
    unsigned proto;       /* BOOT_PROTO_* */
    uintptr_t info_paddr; /* start_info (PVH) or MBI (Multiboot2) */
    uintptr_t info_size;  /* bytes at info_paddr that must not be reused */
    const char *cmdline;  /* points into boot-loader memory; "" if none */
    uint64_t rsdp_paddr;  /* ACPI RSDP if the loader named it, else 0 */
};

/* Linker-script symbols bounding the loaded image. */
extern char __image_start[], __image_end[], __bss_start[], __bss_end[];

const char *boot_proto_name(unsigned proto);

/* Provided by the kernel built on the platform: its first C code. */
__attribute__((noreturn)) void kernel_start(const struct boot_info *bi);
#endif

#endif
