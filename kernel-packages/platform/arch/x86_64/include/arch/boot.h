/* boot.h - the x86-64 boot protocols (PVH, Multiboot2): their magic
 * numbers and the parsers that turn what the loader handed over into
 * struct boot_info. Included from assembly too. */
#ifndef ARCH_X86_64_BOOT_H
#define ARCH_X86_64_BOOT_H

#include <platform/boot.h>

#define MB2_BOOTLOADER_MAGIC  0x36d76289 /* in %eax on Multiboot2 entry */
#define MB2_HEADER_MAGIC      0xe85250d6
#define PVH_START_INFO_MAGIC  0x336ec578 /* hvm_start_info.magic ("xEn3") */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Per-protocol parsers: fill cmdline and feed the memory map. */
void pvh_parse(uintptr_t start_info, struct boot_info *bi);
void multiboot2_parse(uintptr_t mbi, struct boot_info *bi);

/* Called by the assembly entry once in 64-bit mode. */
void platform_entry(uint32_t proto, uint32_t info_paddr);
#endif

#endif
