/* multiboot2.c - walk the Multiboot2 information structure (tags, each
 * 8-byte aligned) for the command line and the memory map. */
#include <arch/boot.h>
#include <platform/memmap.h>

#define MB2_TAG_END     0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MMAP    6

struct mb2_tag {
    uint32_t type;
    uint32_t size;
};

struct mb2_mmap_tag {
    uint32_t type;
    uint32_t size;
    uint32_t entry_size;
    uint32_t entry_version;
    /* entries follow */
};

struct mb2_mmap_entry {
    uint64_t base;
    uint64_t len;
    uint32_t type;
    uint32_t reserved;
};

static void mb2_read_mmap(const struct mb2_mmap_tag *t)
{
    const char *p = (const char *)(t + 1);
    const char *end = (const char *)t + t->size;

    for (; p + sizeof(struct mb2_mmap_entry) <= end; p += t->entry_size) {
        const struct mb2_mmap_entry *e = (const struct mb2_mmap_entry *)p;
        memmap_add(e->base, e->len, e->type);
    }
}

void multiboot2_parse(uintptr_t mbi, struct boot_info *bi)
{
    uint32_t total = *(const uint32_t *)mbi;
    const char *p = (const char *)mbi + 8;
    const char *end = (const char *)mbi + total;

    bi->info_size = total;
    memmap_reserve(mbi, total);
    while (p + sizeof(struct mb2_tag) <= end) {
        const struct mb2_tag *tag = (const struct mb2_tag *)p;
        if (tag->type == MB2_TAG_END)
            break;
        if (tag->type == MB2_TAG_CMDLINE)
            bi->cmdline = (const char *)(tag + 1);
        else if (tag->type == MB2_TAG_MMAP)
            mb2_read_mmap((const struct mb2_mmap_tag *)tag);
        p += (tag->size + 7) & ~7u;
    }
}
