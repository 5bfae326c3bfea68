/* pages.h - the physical page allocator under brk and mmap. Memory is the
 * identity map, so a page's physical address is its virtual address. */
#ifndef POSIX_PAGES_H
#define POSIX_PAGES_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PAGE_SIZE /* musl's <limits.h> has it too, under _GNU_SOURCE */
#define PAGE_SIZE 4096ul
#endif

/* Takes the largest free RAM range the memory map knows. */
void pages_init(void);

/* n contiguous pages, highest free run first (brk grows up from the
 * bottom, so the two meet last); 0 when no run is long enough. */
uintptr_t pages_alloc(size_t n);

/* Marks [addr, addr + n pages) used; -1 if any page is outside the range or in use. */
int pages_take(uintptr_t addr, size_t n);

/* Marks pages free again; pages already free or outside the range are ignored. */
void pages_free(uintptr_t addr, size_t n);

/* 1 if every page of the range is in the allocator's range and free. */
int pages_are_free(uintptr_t addr, size_t n);

/* n usable pages above an unmapped guard page; returns the lowest usable address. */
uintptr_t pages_alloc_guarded(size_t n);
/* Frees what pages_alloc_guarded(n) returned, its guard page mapped again
 * first (the next owner of that page must be able to touch it). */
void pages_free_guarded(uintptr_t addr, size_t n);

uintptr_t pages_base(void);
uintptr_t pages_end(void);
size_t pages_free_count(void);

#endif
