/* pages.c - a bitmap over the one free RAM range (1 bit per 4 KiB page).
 * A bitmap makes munmap of partly-mapped ranges and MAP_FIXED trivially
 * right, which an extent list gets wrong easily; its cost is a scan per
 * allocation, a few hundred words for the default 128 MiB. */
#include "pages.h"
#include <platform/cpu.h>
#include <platform/memmap.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <platform/spinlock.h>

#define IDENTITY_LIMIT (4ull << 30)
#define MAX_PAGES (IDENTITY_LIMIT / PAGE_SIZE)
#define WORD_BITS 64

static uint64_t used[MAX_PAGES / WORD_BITS];
static uintptr_t base;
static size_t npages, nfree;
static struct spinlock lock = SPINLOCK_INIT("pages");

void pages_init(void)
{
    uint64_t b, size;

    if (!memmap_free_ram(IDENTITY_LIMIT, &b, &size))
        panic("pages: the memory map has no free RAM");
    base = (b + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    npages = (b + size - base) / PAGE_SIZE;
    nfree = npages;
}

uintptr_t pages_base(void) { return base; }
uintptr_t pages_end(void) { return base + npages * PAGE_SIZE; }
size_t pages_free_count(void) { return nfree; }

static int is_used(size_t i) { return (used[i / WORD_BITS] >> (i % WORD_BITS)) & 1; }

static void set_range(size_t first, size_t n, int value)
{
    size_t i;

    for (i = first; i < first + n; i++) {
        uint64_t bit = 1ull << (i % WORD_BITS);
        if (value && !(used[i / WORD_BITS] & bit)) {
            used[i / WORD_BITS] |= bit;
            nfree--;
        } else if (!value && (used[i / WORD_BITS] & bit)) {
            used[i / WORD_BITS] &= ~bit;
            nfree++;
        }
    }
}

/* Index of the first page of [addr, addr + n pages), or -1 if it leaves the range. */
static long index_of(uintptr_t addr, size_t n)
{
    if (addr < base || (addr & (PAGE_SIZE - 1)) || n > npages ||
        (addr - base) / PAGE_SIZE > npages - n)
        return -1;
    return (long)((addr - base) / PAGE_SIZE);
}

static int range_free(size_t first, size_t n)
{
    size_t i;

    for (i = first; i < first + n; i++)
        if (is_used(i))
            return 0;
    return 1;
}

/* Scans down from the top for n free pages in a row; whole used words are skipped. */
static long find_run(size_t n)
{
    size_t run = 0;
    size_t i = npages;

    while (i > 0) {
        i--;
        if ((i % WORD_BITS) == WORD_BITS - 1 && used[i / WORD_BITS] == ~0ull) {
            run = 0;
            i -= WORD_BITS - 1;
            continue;
        }
        run = is_used(i) ? 0 : run + 1;
        if (run == n)
            return (long)i;
    }
    return -1;
}

uintptr_t pages_alloc(size_t n)
{
    long first;

    if (n == 0)
        return 0;
    spin_lock(&lock);
    first = n <= nfree ? find_run(n) : -1;
    if (first >= 0)
        set_range((size_t)first, n, 1);
    spin_unlock(&lock);
    return first < 0 ? 0 : base + (uintptr_t)first * PAGE_SIZE;
}

int pages_take(uintptr_t addr, size_t n)
{
    long first = index_of(addr, n);
    int ok;

    if (first < 0)
        return -1;
    spin_lock(&lock);
    ok = range_free((size_t)first, n);
    if (ok)
        set_range((size_t)first, n, 1);
    spin_unlock(&lock);
    return ok ? 0 : -1;
}

int pages_are_free(uintptr_t addr, size_t n)
{
    long first = index_of(addr, n);
    int ok;

    if (first < 0)
        return 0;
    spin_lock(&lock);
    ok = range_free((size_t)first, n);
    spin_unlock(&lock);
    return ok;
}

void pages_free(uintptr_t addr, size_t n)
{
    uintptr_t end = addr + n * PAGE_SIZE;

    if (addr < base)
        addr = base;
    if (end > pages_end())
        end = pages_end();
    if (end <= addr)
        return;
    spin_lock(&lock);
    set_range((addr - base) / PAGE_SIZE, (end - addr) / PAGE_SIZE, 0);
    spin_unlock(&lock);
}

uintptr_t pages_alloc_guarded(size_t n)
{
    uintptr_t p = pages_alloc(n + 1);

    if (!p)
        return 0;
    (void)paging_unmap_4k(p); /* best effort: when the split pool is spent there is no guard */
    return p + PAGE_SIZE;
}

void pages_free_guarded(uintptr_t addr, size_t n)
{
    paging_map_4k(addr - PAGE_SIZE);
    pages_free(addr - PAGE_SIZE, n + 1);
}

void platform_memory_init(void) { pages_init(); }
