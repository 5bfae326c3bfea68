/* sys_memory.c - brk and anonymous mmap/munmap/mprotect/mremap/madvise.
 *
 * One address space, identity-mapped and always writable: protections are
 * accepted and not enforced, and every mapping is anonymous memory from the
 * page allocator, zeroed as Linux promises. musl's malloc grows with brk,
 * then mmap; pthread stacks are mmap'd too. */
#include "pages.h"
#include "syscall.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>


static uintptr_t brk_start, brk_end;

static size_t pages_for(size_t bytes) { return (bytes + PAGE_SIZE - 1) / PAGE_SIZE; }

/* brk starts at the bottom of the free range; mmap takes from the top. */
static void brk_init(void)
{
    if (!brk_start)
        brk_start = brk_end = pages_base();
}

SYSCALL_DEFINE(brk)
{
    uintptr_t want = (uintptr_t)a0, old_top, new_top;

    SYSCALL_UNUSED_ARGS();
    brk_init();
    if (want <= brk_start)
        return (long)brk_end;
    old_top = (brk_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    new_top = (want + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (new_top > old_top) {
        if (pages_take(old_top, (new_top - old_top) / PAGE_SIZE) != 0)
            return (long)brk_end; /* Linux: the old break means "no" */
        memset((void *)old_top, 0, new_top - old_top);
    } else if (new_top < old_top) {
        pages_free(new_top, (old_top - new_top) / PAGE_SIZE);
    }
    brk_end = want;
    return (long)brk_end;
}

SYSCALL_DEFINE(mmap)
{
    uintptr_t addr = (uintptr_t)a0, p;
    size_t len = (size_t)a1, n;
    int flags = (int)a3;

    (void)a2, (void)a5;
    if (len == 0 || (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    if (!(flags & MAP_ANONYMOUS) || (int)a4 != -1)
        return -ENODEV; /* file mappings: not in this kernel */
    brk_init();
    n = pages_for(len);
    if (flags & MAP_FIXED) {
        if (!pages_are_free(addr, n)) {
            /* Replacing part of an existing mapping: it is ours, so reuse it. */
            if (addr < pages_base() || addr + n * PAGE_SIZE > pages_end())
                return -ENOMEM;
            pages_free(addr, n);
        }
        if (pages_take(addr, n) != 0)
            return -ENOMEM;
        p = addr;
    } else {
        p = pages_alloc(n);
        if (!p)
            return -ENOMEM;
    }
    memset((void *)p, 0, n * PAGE_SIZE);
    return (long)p;
}

SYSCALL_DEFINE(munmap)
{
    uintptr_t addr = (uintptr_t)a0;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if ((addr & (PAGE_SIZE - 1)) || a1 <= 0)
        return -EINVAL;
    pages_free(addr, pages_for((size_t)a1));
    return 0;
}

SYSCALL_DEFINE(mprotect)
{
    SYSCALL_UNUSED_ARGS();
    return ((uintptr_t)a0 & (PAGE_SIZE - 1)) ? -EINVAL : 0;
}

SYSCALL_DEFINE(madvise)
{
    uintptr_t addr = (uintptr_t)a0;

    (void)a3, (void)a4, (void)a5;
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    /* DONTNEED on private anonymous memory reads back as zeros afterwards. */
    if ((int)a2 == MADV_DONTNEED && addr >= pages_base() && addr + (size_t)a1 <= pages_end())
        memset((void *)addr, 0, pages_for((size_t)a1) * PAGE_SIZE);
    return 0;
}

SYSCALL_DEFINE(mremap)
{
    uintptr_t old = (uintptr_t)a0, p;
    size_t old_n = pages_for((size_t)a1), new_n = pages_for((size_t)a2);
    int flags = (int)a3;

    (void)a4, (void)a5;
    if ((old & (PAGE_SIZE - 1)) || new_n == 0 || (flags & MREMAP_FIXED))
        return -EINVAL;
    if (new_n <= old_n) {
        pages_free(old + new_n * PAGE_SIZE, old_n - new_n);
        return (long)old;
    }
    if (pages_take(old + old_n * PAGE_SIZE, new_n - old_n) == 0) {
        memset((void *)(old + old_n * PAGE_SIZE), 0, (new_n - old_n) * PAGE_SIZE);
        return (long)old;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    p = pages_alloc(new_n);
    if (!p)
        return -ENOMEM;
    memcpy((void *)p, (void *)old, old_n * PAGE_SIZE);
    memset((void *)(p + old_n * PAGE_SIZE), 0, (new_n - old_n) * PAGE_SIZE);
    pages_free(old, old_n);
    return (long)p;
}
