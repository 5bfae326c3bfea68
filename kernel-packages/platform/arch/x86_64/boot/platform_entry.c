/* platform_entry.c - first C code: normalize the boot protocol into a
 * struct boot_info and hand it to the kernel.
 *
 * Runs on the 16 KiB boot stack with only the boot GDT and no IDT, so it
 * does as little as possible: parsing only, no output. */
#include <arch/boot.h>
#include <platform/exit.h>

static struct boot_info boot_info;

const char *boot_proto_name(unsigned proto)
{
    switch (proto) {
    case BOOT_PROTO_PVH: return "pvh";
    case BOOT_PROTO_MULTIBOOT2: return "multiboot2";
    default: return "unknown";
    }
}

void platform_entry(uint32_t proto, uint32_t info_paddr)
{
    boot_info.proto = proto;
    boot_info.info_paddr = info_paddr;
    boot_info.cmdline = "";

    if (proto == BOOT_PROTO_PVH)
        pvh_parse(info_paddr, &boot_info);
    else if (proto == BOOT_PROTO_MULTIBOOT2)
        multiboot2_parse(info_paddr, &boot_info);

    kernel_start(&boot_info);
}
