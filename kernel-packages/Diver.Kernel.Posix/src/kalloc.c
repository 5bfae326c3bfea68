/* kalloc.c - power-of-two size classes from 16 bytes to 2 KiB, carved from
 * whole pages; anything larger takes whole pages. Freed blocks go back to
 * their class's list (pages are not returned: the kernel's own metadata is
 * small next to the program's memory). */
#include "kalloc.h"
#include "pages.h"
#include <platform/spinlock.h>
#include <string.h>

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define CLASSES (MAX_SHIFT - MIN_SHIFT + 1)

struct free_block { struct free_block *next; };

static struct free_block *free_lists[CLASSES];
static struct spinlock lock = SPINLOCK_INIT("kalloc");

static int class_of(size_t size)
{
    int c = 0;

    while (((size_t)1 << (c + MIN_SHIFT)) < size)
        c++;
    return c;
}

static size_t pages_of(size_t size) { return (size + PAGE_SIZE - 1) / PAGE_SIZE; }

static int refill(int c)
{
    size_t block = (size_t)1 << (c + MIN_SHIFT), off;
    char *page = (char *)pages_alloc(1);

    if (!page)
        return -1;
    for (off = 0; off + block <= PAGE_SIZE; off += block) {
        struct free_block *b = (struct free_block *)(page + off);
        b->next = free_lists[c];
        free_lists[c] = b;
    }
    return 0;
}

void *kalloc(size_t size)
{
    struct free_block *b = 0;
    int c;

    if (size == 0)
        size = 1;
    if (size > ((size_t)1 << MAX_SHIFT)) {
        void *p = (void *)pages_alloc(pages_of(size));
        if (p)
            memset(p, 0, pages_of(size) * PAGE_SIZE);
        return p;
    }
    c = class_of(size);
    spin_lock(&lock);
    if (free_lists[c] || refill(c) == 0) {
        b = free_lists[c];
        free_lists[c] = b->next;
    }
    spin_unlock(&lock);
    if (b)
        memset(b, 0, (size_t)1 << (c + MIN_SHIFT));
    return b;
}

void kfree(void *p, size_t size)
{
    struct free_block *b = p;
    int c;

    if (!p)
        return;
    if (size == 0)
        size = 1;
    if (size > ((size_t)1 << MAX_SHIFT)) {
        pages_free((uintptr_t)p, pages_of(size));
        return;
    }
    c = class_of(size);
    spin_lock(&lock);
    b->next = free_lists[c];
    free_lists[c] = b;
    spin_unlock(&lock);
}

char *kstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kalloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

void kfree_str(char *s)
{
    if (s)
        kfree(s, strlen(s) + 1);
}
