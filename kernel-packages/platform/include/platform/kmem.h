/* kmem.h - memory for the platform's own objects (thread structs and
 * stacks, AP stacks, page tables), which the kernel provides.
 *
 * Every kernel built on the platform defines these two. They are called
 * on any CPU, at boot while other CPUs start, in system calls and in the
 * context a switch lands in, so they must be safe there, which the
 * program's allocator need not be: musl's malloc stops locking once the
 * program is down to one thread (and a CPU starting up or a switch on
 * another CPU would then share its heap unlocked), and it may be the very
 * code a blocked system call interrupted. The platform heap defines them
 * (mm/heap.c: locked, and Nautilus's only allocator); a kernel that leaves
 * the heap out defines its own (Posix: kalloc, src/kmem.c). */
#ifndef PLATFORM_KMEM_H
#define PLATFORM_KMEM_H

#include <stddef.h>

/* 0 when out of memory; the memory need not be zeroed. */
void *kmem_alloc(size_t size);
/* size: what kmem_alloc was given. */
void kmem_free(void *p, size_t size);

#endif
