/* heap.c - malloc/free/calloc/realloc over one contiguous RAM range.
 *
 * Boundary-tag allocator: every chunk has a 16-byte header holding its own
 * size (bit 0 = in use) and the size of the chunk before it, so free() can
 * merge with both neighbours in O(1). Free chunks sit on size-class lists
 * (one per power of two) so a fit is found without scanning the heap.
 * Headers are 16 bytes and sizes multiples of 16, so every pointer handed
 * out is 16-byte aligned, as SSE code expects.
 *
 * The heap is bracketed by a used 16-byte prologue and a zero-sized used
 * epilogue, so merging never walks off either end.
 *
 * Locked on every call, this heap is also where a kernel that uses it
 * takes the platform's own objects from (kmem_alloc, platform/kmem.h). */
#include <errno.h>
#include <platform/heap.h>
#include <platform/kmem.h>
#include <platform/memmap.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <platform/spinlock.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define HDR 16
#define MIN_CHUNK 32 /* header + two list pointers */
#define IN_USE 1ull
#define NBINS 48
#define HEAP_LIMIT (4ull << 30) /* the boot identity map ends here */

struct chunk {
    size_t size_flags;
    size_t prev_size;
    struct chunk *next_free; /* only while free */
    struct chunk *prev_free;
};

static struct chunk *bins[NBINS];
static uintptr_t heap_start;
static size_t heap_bytes;
static struct spinlock heap_lock = SPINLOCK_INIT("heap");

static size_t csize(const struct chunk *c) { return c->size_flags & ~(size_t)(ALIGN - 1); }
static int used(const struct chunk *c) { return c->size_flags & IN_USE; }
static struct chunk *next_chunk(struct chunk *c) { return (struct chunk *)((char *)c + csize(c)); }
static struct chunk *prev_chunk(struct chunk *c) { return (struct chunk *)((char *)c - c->prev_size); }
static void *payload(struct chunk *c) { return (char *)c + HDR; }
static struct chunk *chunk_of(void *p) { return (struct chunk *)((char *)p - HDR); }

static unsigned bin_index(size_t size)
{
    unsigned i = 63 - __builtin_clzll(size); /* floor(log2) */
    return i < NBINS ? i : NBINS - 1;
}

static void bin_insert(struct chunk *c)
{
    unsigned i = bin_index(csize(c));

    c->prev_free = 0;
    c->next_free = bins[i];
    if (bins[i])
        bins[i]->prev_free = c;
    bins[i] = c;
}

static void bin_remove(struct chunk *c)
{
    if (c->prev_free)
        c->prev_free->next_free = c->next_free;
    else
        bins[bin_index(csize(c))] = c->next_free;
    if (c->next_free)
        c->next_free->prev_free = c->prev_free;
}

/* Set size and flag, and keep the following chunk's back link right. */
static void set_chunk(struct chunk *c, size_t size, int in_use)
{
    c->size_flags = size | (in_use ? IN_USE : 0);
    next_chunk(c)->prev_size = size;
}

/* Cut c down to size; the tail becomes a free chunk (merged forward). */
static void split(struct chunk *c, size_t size)
{
    size_t rest = csize(c) - size;
    struct chunk *tail, *after;

    if (rest < MIN_CHUNK)
        return;
    set_chunk(c, size, used(c));
    tail = next_chunk(c);
    tail->prev_size = size;
    after = (struct chunk *)((char *)tail + rest);
    if (!used(after)) {
        bin_remove(after);
        rest += csize(after);
    }
    set_chunk(tail, rest, 0);
    bin_insert(tail);
}

static struct chunk *find_fit(size_t size)
{
    unsigned i;

    for (i = bin_index(size); i < NBINS; i++) {
        struct chunk *c;
        for (c = bins[i]; c; c = c->next_free)
            if (csize(c) >= size)
                return c;
    }
    return 0;
}

static size_t request_size(size_t n)
{
    size_t size;

    if (n > HEAP_LIMIT)
        return 0;
    size = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    return size < MIN_CHUNK ? MIN_CHUNK : size;
}

void heap_init(uintptr_t base, size_t size)
{
    uintptr_t start = (base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t end = (base + size) & ~(uintptr_t)(ALIGN - 1);
    struct chunk *prologue = (struct chunk *)start;
    struct chunk *first = (struct chunk *)(start + HDR);
    struct chunk *epilogue = (struct chunk *)(end - HDR);

    if (end < start + HDR + MIN_CHUNK + HDR)
        panic("heap: no usable memory (%lu bytes)", (unsigned long)size);
    heap_start = start;
    heap_bytes = end - start;
    prologue->prev_size = 0;
    prologue->size_flags = HDR | IN_USE;
    epilogue->size_flags = IN_USE; /* size 0 */
    first->prev_size = HDR;
    set_chunk(first, (uintptr_t)epilogue - (uintptr_t)first, 0);
    bin_insert(first);
}

void heap_init_from_memmap(void)
{
    uint64_t base, size;

    if (!memmap_free_ram(HEAP_LIMIT, &base, &size))
        panic("heap: the memory map has no free RAM");
    heap_init(base, size);
}

void platform_memory_init(void) { heap_init_from_memmap(); }

size_t heap_size(void) { return heap_bytes; }
uintptr_t heap_base(void) { return heap_start; }

void *malloc(size_t n)
{
    size_t size = request_size(n);
    struct chunk *c;

    if (!size) {
        errno = ENOMEM;
        return 0;
    }
    spin_lock(&heap_lock);
    c = find_fit(size);
    if (c) {
        bin_remove(c);
        set_chunk(c, csize(c), 1);
        split(c, size);
    }
    spin_unlock(&heap_lock);
    if (!c) {
        errno = ENOMEM;
        return 0;
    }
    return payload(c);
}

/* Merge c with free neighbours and put the result on a free list. */
static void release(struct chunk *c)
{
    size_t size = csize(c);
    struct chunk *n = next_chunk(c);

    if (!used(n)) {
        bin_remove(n);
        size += csize(n);
    }
    if (!used(prev_chunk(c))) {
        struct chunk *p = prev_chunk(c);
        bin_remove(p);
        size += csize(p);
        c = p;
    }
    set_chunk(c, size, 0);
    bin_insert(c);
}

void free(void *p)
{
    struct chunk *c;

    if (!p)
        return;
    c = chunk_of(p);
    spin_lock(&heap_lock);
#ifdef DIVER_DEBUG
    if ((uintptr_t)c < heap_start || (uintptr_t)c >= heap_start + heap_bytes || !used(c))
        panic("free(%p): not an allocated block (double free?)", p);
#endif
    release(c);
    spin_unlock(&heap_lock);
}

void *calloc(size_t n, size_t each)
{
    size_t total;
    void *p;

    if (__builtin_mul_overflow(n, each, &total)) {
        errno = ENOMEM;
        return 0;
    }
    p = malloc(total);
    if (p)
        memset(p, 0, total);
    return p;
}

/* Grow c in place by absorbing a free successor, if that is enough. */
static int grow_in_place(struct chunk *c, size_t size)
{
    struct chunk *n = next_chunk(c);

    if (used(n) || csize(c) + csize(n) < size)
        return 0;
    bin_remove(n);
    set_chunk(c, csize(c) + csize(n), 1);
    split(c, size);
    return 1;
}

void *realloc(void *p, size_t n)
{
    size_t size = request_size(n);
    struct chunk *c;
    void *q;
    int done;

    if (!p)
        return malloc(n);
    if (!size) {
        errno = ENOMEM;
        return 0;
    }
    c = chunk_of(p);
    spin_lock(&heap_lock);
    done = csize(c) >= size ? (split(c, size), 1) : grow_in_place(c, size);
    spin_unlock(&heap_lock);
    if (done)
        return p;
    q = malloc(n);
    if (q) {
        memcpy(q, p, csize(c) - HDR);
        free(p);
    }
    return q;
}

void *kmem_alloc(size_t size) { return malloc(size); }

void kmem_free(void *p, size_t size)
{
    (void)size;
    free(p);
}
