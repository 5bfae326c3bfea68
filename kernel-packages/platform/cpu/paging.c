/* paging.c - small edits to the boot identity map (boot/entry.S).
 *
 * The boot map uses 2 MiB pages. To place a 4 KiB guard page we split the
 * covering 2 MiB page into a page table taken from a small static pool:
 * guard pages are few (one per stack), so no page allocator is needed. */
#include <platform/cpu.h>
#include <platform/x86.h>

#define PTE_P  0x001ull
#define PTE_W  0x002ull
#define PTE_PS 0x080ull
#define PAGE_4K 4096ull
#define PAGE_2M (2ull << 20)
#define IDENTITY_LIMIT (4ull << 30)
#define SPLIT_POOL 4

extern uint64_t boot_pd[]; /* 2048 entries covering 0..4 GiB */

static uint64_t split_pool[SPLIT_POOL][512] __attribute__((aligned(4096)));
static unsigned split_used;

static uint64_t *split_2m(uint64_t *pde)
{
    uint64_t base = *pde & ~(PAGE_2M - 1) & 0x000fffffffffffffull;
    uint64_t *pt;
    unsigned i;

    if (split_used == SPLIT_POOL)
        return 0;
    pt = split_pool[split_used++];
    for (i = 0; i < 512; i++)
        pt[i] = (base + i * PAGE_4K) | PTE_P | PTE_W;
    *pde = (uintptr_t)pt | PTE_P | PTE_W;
    return pt;
}

int paging_unmap_4k(uintptr_t va)
{
    uint64_t *pde, *pt;

    if (va >= IDENTITY_LIMIT)
        return -1;
    pde = &boot_pd[va / PAGE_2M];
    if (*pde & PTE_PS) {
        pt = split_2m(pde);
        if (!pt)
            return -1;
        invlpg(va);
    } else {
        pt = (uint64_t *)(uintptr_t)(*pde & ~(PAGE_4K - 1) & 0x000fffffffffffffull);
    }
    pt[(va / PAGE_4K) % 512] = 0;
    invlpg(va);
    return 0;
}
