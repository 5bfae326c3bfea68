/* memmap.c - the physical memory map and the reservations against it.
 *
 * Kept as two small fixed tables (no allocator exists yet when they are
 * filled). Finding free RAM is "usable regions minus reservations"; the
 * tables are tiny, so the quadratic search is fine and easy to check. */
#include <platform/boot.h>
#include <platform/memmap.h>

#define MAX_REGIONS 64
#define MAX_RESERVED 16

struct range {
    uint64_t base, end;
};

static struct mem_region regions[MAX_REGIONS];
static size_t nregions;
static struct range reserved[MAX_RESERVED];
static size_t nreserved;

void memmap_add(uint64_t base, uint64_t size, uint32_t type)
{
    if (nregions < MAX_REGIONS && size)
        regions[nregions++] = (struct mem_region){ base, size, type };
}

void memmap_reserve(uint64_t base, uint64_t size)
{
    if (nreserved < MAX_RESERVED && size)
        reserved[nreserved++] = (struct range){ base, base + size };
}

size_t memmap_count(void) { return nregions; }

const struct mem_region *memmap_region(size_t i) { return i < nregions ? &regions[i] : 0; }

uint64_t memmap_usable_bytes(void)
{
    uint64_t total = 0;
    size_t i;

    for (i = 0; i < nregions; i++)
        if (regions[i].type == MEM_USABLE)
            total += regions[i].size;
    return total;
}

static int in_reserved(uint64_t a)
{
    size_t i;

    for (i = 0; i < nreserved; i++)
        if (a >= reserved[i].base && a < reserved[i].end)
            return 1;
    return 0;
}

/* End of the free run starting at s (s itself is free), capped at end. */
static uint64_t free_run_end(uint64_t s, uint64_t end)
{
    size_t i;

    for (i = 0; i < nreserved; i++)
        if (reserved[i].base > s && reserved[i].base < end)
            end = reserved[i].base;
    return end;
}

/* Largest free run inside [a, b): free runs start at a or where a
 * reservation ends. */
static struct range largest_in(uint64_t a, uint64_t b)
{
    struct range best = { 0, 0 };
    size_t i;

    for (i = 0; i <= nreserved; i++) {
        uint64_t s = i < nreserved ? reserved[i].end : a;
        uint64_t e;
        if (s < a || s >= b || in_reserved(s))
            continue;
        e = free_run_end(s, b);
        if (e - s > best.end - best.base)
            best = (struct range){ s, e };
    }
    return best;
}

int memmap_largest_free(uint64_t limit, uint64_t *base, uint64_t *size)
{
    struct range best = { 0, 0 };
    size_t i;

    for (i = 0; i < nregions; i++) {
        uint64_t a = regions[i].base, b = regions[i].base + regions[i].size;
        struct range r;
        if (regions[i].type != MEM_USABLE || a >= limit)
            continue;
        if (b > limit)
            b = limit;
        r = largest_in(a, b);
        if (r.end - r.base > best.end - best.base)
            best = r;
    }
    *base = best.base;
    *size = best.end - best.base;
    return best.end > best.base;
}

int memmap_free_ram(uint64_t limit, uint64_t *base, uint64_t *size)
{
    memmap_reserve(0, 1 << 20); /* BIOS data, firmware, boot structures */
    memmap_reserve((uintptr_t)__image_start, (uintptr_t)(__image_end - __image_start));
    return memmap_largest_free(limit, base, size);
}
