/* boot_log.c - the verbose boot report of debug builds. Default builds
 * never call it: the console belongs to the app. */
#include <platform/heap.h>
#include <platform/memmap.h>
#include <platform/runtime.h>
#include <stdio.h>

static const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case MEM_USABLE: return "usable";
    case MEM_RESERVED: return "reserved";
    case MEM_ACPI: return "ACPI";
    case MEM_NVS: return "ACPI NVS";
    case MEM_BAD: return "bad";
    default: return "other";
    }
}

void platform_log_boot(const struct boot_info *bi)
{
    size_t i;

    printf("[boot] protocol %s, info at 0x%lx\n", boot_proto_name(bi->proto),
           (unsigned long)bi->info_paddr);
    for (i = 0; i < memmap_count(); i++) {
        const struct mem_region *r = memmap_region(i);
        printf("[boot] mem 0x%012llx-0x%012llx %s\n", (unsigned long long)r->base,
               (unsigned long long)(r->base + r->size - 1), mem_type_name(r->type));
    }
    printf("[boot] image 0x%lx-0x%lx, heap 0x%lx, %zu KiB\n", (unsigned long)__image_start,
           (unsigned long)__image_end, (unsigned long)heap_base(), heap_size() >> 10);
    printf("[boot] cmdline \"%s\"\n", bi->cmdline);
}
