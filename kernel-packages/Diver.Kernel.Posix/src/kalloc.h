/* kalloc.h - the kernel's own small allocator (file-system nodes, names,
 * descriptors). The program's malloc is musl's; the kernel never calls it
 * from a system call, where the program may be inside it. */
#ifndef POSIX_KALLOC_H
#define POSIX_KALLOC_H

#include <stddef.h>

/* Zeroed memory; 0 when out of memory. kfree needs the size kalloc was given. */
void *kalloc(size_t size);
void kfree(void *p, size_t size);
char *kstrdup(const char *s);
void kfree_str(char *s);

#endif
