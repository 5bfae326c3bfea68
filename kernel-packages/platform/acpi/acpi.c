/* acpi.c - RSDP discovery and table lookup (ACPI spec 6.x, chapter 5.2).
 *
 * PVH loaders may name the RSDP in hvm_start_info; firmware such as qboot
 * or SeaBIOS instead leave it on a 16-byte boundary in the 0xE0000-0xFFFFF
 * BIOS area, which is where we look otherwise. */
#include <platform/acpi.h>
#include <string.h>

struct rsdp {
    char signature[8]; /* "RSD PTR " */
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;   /* 0: ACPI 1.0 (RSDT only), 2+: XSDT */
    uint32_t rsdt_paddr;
    uint32_t length;
    uint64_t xsdt_paddr;
    uint8_t ext_checksum;
    uint8_t reserved[3];
} __attribute__((packed));

static const struct acpi_header *root;
static unsigned entry_size; /* 8 for the XSDT, 4 for the RSDT */

static int sum_ok(const void *p, uint32_t n)
{
    const uint8_t *b = p;
    uint8_t s = 0;

    while (n--)
        s += *b++;
    return s == 0;
}

static const struct rsdp *rsdp_at(uintptr_t a)
{
    const struct rsdp *r = (const struct rsdp *)a;

    return memcmp(r->signature, "RSD PTR ", 8) == 0 && sum_ok(r, 20) ? r : 0;
}

static const struct rsdp *rsdp_scan(uintptr_t from, uintptr_t to)
{
    const struct rsdp *r;

    for (; from + sizeof(struct rsdp) <= to; from += 16)
        if ((r = rsdp_at(from)))
            return r;
    return 0;
}

static const struct rsdp *rsdp_find(uint64_t hint)
{
    const struct rsdp *r = 0;

    /* The EBDA pointer lives in page 0, which is unmapped to catch NULL
     * dereferences; the machines Diver targets keep the RSDP in the BIOS
     * area, so only that is scanned. */
    if (hint)
        r = rsdp_at(hint);
    if (!r)
        r = rsdp_scan(0xe0000, 0x100000);
    return r;
}

int acpi_init(uint64_t rsdp_hint)
{
    const struct rsdp *r = rsdp_find(rsdp_hint);

    if (!r)
        return -1;
    if (r->revision >= 2 && r->xsdt_paddr) {
        root = (const struct acpi_header *)(uintptr_t)r->xsdt_paddr;
        entry_size = 8;
    } else {
        root = (const struct acpi_header *)(uintptr_t)r->rsdt_paddr;
        entry_size = 4;
    }
    return sum_ok(root, root->length) ? 0 : (root = 0, -1);
}

const struct acpi_header *acpi_find(const char *signature)
{
    const uint8_t *entries;
    unsigned i, n;

    if (!root)
        return 0;
    entries = (const uint8_t *)root + sizeof(*root);
    n = (root->length - sizeof(*root)) / entry_size;
    for (i = 0; i < n; i++) {
        uint64_t pa = 0;
        const struct acpi_header *t;

        memcpy(&pa, entries + i * entry_size, entry_size); /* unaligned in the RSDT/XSDT */
        t = (const struct acpi_header *)(uintptr_t)pa;
        if (memcmp(t->signature, signature, 4) == 0 && sum_ok(t, t->length))
            return t;
    }
    return 0;
}
