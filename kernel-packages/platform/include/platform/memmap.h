/* memmap.h - physical memory map, as reported by the boot loader, plus
 * ranges the platform must never hand out (image, boot data, low 1 MiB). */
#ifndef PLATFORM_MEMMAP_H
#define PLATFORM_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

/* E820 types; PVH and Multiboot2 use the same numbering. */
#define MEM_USABLE   1
#define MEM_RESERVED 2
#define MEM_ACPI     3
#define MEM_NVS      4
#define MEM_BAD      5

struct mem_region {
    uint64_t base;
    uint64_t size;
    uint32_t type;
};

void memmap_add(uint64_t base, uint64_t size, uint32_t type);
void memmap_reserve(uint64_t base, uint64_t size);
size_t memmap_count(void);
const struct mem_region *memmap_region(size_t i);
uint64_t memmap_usable_bytes(void);

/* Largest usable, unreserved range below limit; 0 if none. */
int memmap_largest_free(uint64_t limit, uint64_t *base, uint64_t *size);

/* The free RAM an allocator may take: reserves the low 1 MiB and the loaded
 * image first; 0 if the map has none. */
int memmap_free_ram(uint64_t limit, uint64_t *base, uint64_t *size);

#endif
