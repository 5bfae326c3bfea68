/* heap.h - the kernel/app heap (malloc lives on top of it). */
#ifndef PLATFORM_HEAP_H
#define PLATFORM_HEAP_H

#include <stddef.h>
#include <stdint.h>

void heap_init(uintptr_t base, size_t size);
size_t heap_size(void);
uintptr_t heap_base(void);

/* Sets up the heap over the largest free RAM range the memory map knows. */
void heap_init_from_memmap(void);

#endif
