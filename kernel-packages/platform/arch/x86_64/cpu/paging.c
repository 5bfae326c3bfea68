/* paging.c - small edits to the boot identity map (boot/entry.S).
 *
 * The boot map uses 2 MiB pages. To place a 4 KiB guard page we split the
 * covering 2 MiB page into a page table, taken from a small static pool
 * first (main's stack, before much else exists) and then from the kernel's
 * memory (platform/kmem.h):
 * one table per 2 MiB of heap at most, whatever the number of threads.
 *
 * Another CPU may still hold a translation for a page unmapped here (the
 * 2 MiB one included), so unmapping bumps a generation number, and each
 * CPU flushes its TLB when it finds the number moved (paging_sync_cpu,
 * which the scheduler calls before switching threads). Mapping a page
 * back needs no flush: a CPU does not cache a non-present entry. */
#include <arch/cpu.h>
#include <arch/x86.h>
#include <platform/kmem.h>
#include <platform/percpu.h>
#include <platform/spinlock.h>

#define PTE_P  0x001ull
#define PTE_W  0x002ull
#define PTE_PS 0x080ull
#define PAGE_4K 4096ull
#define PAGE_2M (2ull << 20)
#define IDENTITY_LIMIT (4ull << 30)
#define SPLIT_POOL 4
#define ADDR_MASK 0x000ffffffffff000ull

extern uint64_t boot_pd[]; /* 2048 entries covering 0..4 GiB */

static uint64_t split_pool[SPLIT_POOL][512] __attribute__((aligned(4096)));
static unsigned split_used;
static struct spinlock paging_lock = SPINLOCK_INIT("page tables");
static unsigned long unmap_generation;
static unsigned long cpu_generation[PLATFORM_MAX_CPUS];

static uint64_t *new_table(void)
{
    char *raw;

    if (split_used < SPLIT_POOL)
        return split_pool[split_used++];
    raw = kmem_alloc(2 * PAGE_4K); /* kept for good: the table stays in use */
    return raw ? (uint64_t *)(((uintptr_t)raw + PAGE_4K - 1) & ~(PAGE_4K - 1)) : 0;
}

static uint64_t *split_2m(uint64_t *pde)
{
    uint64_t base = *pde & ~(PAGE_2M - 1) & 0x000fffffffffffffull;
    uint64_t *pt = new_table();
    unsigned i;

    if (!pt)
        return 0;
    for (i = 0; i < 512; i++)
        pt[i] = (base + i * PAGE_4K) | PTE_P | PTE_W;
    *pde = (uintptr_t)pt | PTE_P | PTE_W;
    return pt;
}

/* The 4 KiB entry for va, splitting its 2 MiB page first if needed. */
static uint64_t *pte_for(uintptr_t va)
{
    uint64_t *pde = &boot_pd[va / PAGE_2M], *pt;

    if (*pde & PTE_PS) {
        pt = split_2m(pde);
        if (!pt)
            return 0;
    } else {
        pt = (uint64_t *)(uintptr_t)(*pde & ADDR_MASK);
    }
    return &pt[(va / PAGE_4K) % 512];
}

int paging_unmap_4k(uintptr_t va)
{
    uint64_t *pte;

    if (va >= IDENTITY_LIMIT)
        return -1;
    spin_lock(&paging_lock);
    pte = pte_for(va);
    if (pte) {
        *pte = 0;
        __atomic_fetch_add(&unmap_generation, 1, __ATOMIC_RELEASE);
    }
    spin_unlock(&paging_lock);
    if (!pte)
        return -1;
    paging_sync_cpu();
    return 0;
}

void paging_map_4k(uintptr_t va)
{
    uint64_t *pte;

    if (va >= IDENTITY_LIMIT)
        return;
    spin_lock(&paging_lock);
    pte = pte_for(va);
    if (pte)
        *pte = (va & ~(PAGE_4K - 1)) | PTE_P | PTE_W;
    spin_unlock(&paging_lock);
}

void paging_sync_cpu(void)
{
    int irq = irq_save(); /* stay on this CPU while we flush it */
    unsigned long g = __atomic_load_n(&unmap_generation, __ATOMIC_ACQUIRE);
    unsigned cpu = cpu_index();

    if (cpu_generation[cpu] != g) {
        cpu_generation[cpu] = g;
        write_cr3(read_cr3()); /* the boot map has no global pages: this flushes it all */
    }
    irq_restore(irq);
}
