/* percpu.c - the per-CPU slots and the GS base that selects one. */
#include <arch/cpu.h>
#include <arch/x86.h>
#include <platform/percpu.h>

#define MSR_GS_BASE 0xc0000101

_Static_assert(__builtin_offsetof(struct percpu, entry_stack) == PERCPU_ENTRY_STACK, "arch/cpu.h offsets");
_Static_assert(__builtin_offsetof(struct percpu, entry_saved_rsp) == PERCPU_ENTRY_SAVED_RSP, "arch/cpu.h offsets");
_Static_assert(__builtin_offsetof(struct percpu, entry_depth) == PERCPU_ENTRY_DEPTH, "arch/cpu.h offsets");

static struct percpu slots[PLATFORM_MAX_CPUS] __attribute__((aligned(64)));

void percpu_init(unsigned index, uint32_t apic_id)
{
    struct percpu *p = &slots[index];

    p->self = p;
    p->index = index;
    p->apic_id = apic_id;
    p->thread_id = -1;
    wrmsr(MSR_GS_BASE, (uintptr_t)p);
}

struct percpu *percpu_slot(unsigned index) { return &slots[index]; }
