/* stack.c - thread stacks from the kernel's memory (platform/kmem.h), each with an unmapped guard page
 * below it, so an overflow faults (and the fault report names the thread,
 * see arch/x86_64/cpu/trap.c) instead of corrupting the neighbouring heap chunk. */
#include "sched_internal.h"
#include <platform/kmem.h>

#define PAGE_SIZE 4096ul

/* Slack to align, and the guard. */
static size_t block_size(size_t stack_size) { return stack_size + 2 * PAGE_SIZE; }

static uintptr_t page_up(uintptr_t v) { return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/* Returns the block to free later; *guard is the guard page (0 if the
 * page tables could not take one) and the stack starts right above it. */
void *stack_alloc(size_t size, uintptr_t *guard)
{
    char *block = kmem_alloc(block_size(size));
    uintptr_t g;

    if (!block)
        return 0;
    g = page_up((uintptr_t)block);
    *guard = paging_unmap_4k(g) == 0 ? g : 0;
    return block;
}

void *stack_base(void *block) { return (void *)(page_up((uintptr_t)block) + PAGE_SIZE); }

void stack_free(void *block, uintptr_t guard, size_t size)
{
    if (guard)
        paging_map_4k(guard); /* the allocator may hand this memory out again */
    kmem_free(block, block_size(size));
}
