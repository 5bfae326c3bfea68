/* pvh.c - the PVH boot protocol's hvm_start_info (Xen public ABI,
 * arch-x86/hvm/start_info.h). Version 1 added the memory map; without it
 * we fall back to a conservative guess so the heap still works. */
#include <arch/boot.h>
#include <platform/memmap.h>
#include <string.h>

struct hvm_start_info {
    uint32_t magic;
    uint32_t version;
    uint32_t flags;
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;
    uint64_t rsdp_paddr;
    uint64_t memmap_paddr;   /* version >= 1 */
    uint32_t memmap_entries; /* version >= 1 */
    uint32_t reserved;
};

struct hvm_memmap_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
};

#define FALLBACK_RAM_END (16ull << 20) /* the manifest's minimum memory */

static void pvh_read_memmap(const struct hvm_start_info *si)
{
    const struct hvm_memmap_entry *e;
    uint32_t i;

    if (si->version < 1 || si->memmap_entries == 0) {
        memmap_add(0, 640 << 10, MEM_USABLE);
        memmap_add(1 << 20, FALLBACK_RAM_END - (1 << 20), MEM_USABLE);
        return;
    }
    e = (const struct hvm_memmap_entry *)(uintptr_t)si->memmap_paddr;
    for (i = 0; i < si->memmap_entries; i++)
        memmap_add(e[i].addr, e[i].size, e[i].type);
    memmap_reserve(si->memmap_paddr, si->memmap_entries * sizeof(*e));
}

void pvh_parse(uintptr_t start_info, struct boot_info *bi)
{
    const struct hvm_start_info *si = (const struct hvm_start_info *)start_info;

    if (si->magic != PVH_START_INFO_MAGIC)
        return;
    bi->info_size = sizeof(*si);
    memmap_reserve(start_info, sizeof(*si));
    if (si->cmdline_paddr) {
        /* argv is built after the heap exists; keep the heap off it. */
        bi->cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
        memmap_reserve(si->cmdline_paddr, strlen(bi->cmdline) + 1);
    }
    bi->rsdp_paddr = si->rsdp_paddr;
    pvh_read_memmap(si);
}
