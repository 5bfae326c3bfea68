/* kmem.c - the platform's objects come from the kernel's own allocator,
 * never the program's malloc (see platform/kmem.h for why). */
#include "kalloc.h"
#include <platform/kmem.h>

void *kmem_alloc(size_t size) { return kalloc(size); }
void kmem_free(void *p, size_t size) { kfree(p, size); }
