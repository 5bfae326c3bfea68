/* percpu.h - x86-64 access to struct percpu (<platform/percpu.h>) through
 * the GS base, which percpu_init points at the CPU's slot. The offsets
 * used here and in assembly (%gs:0, %gs:8, %gs:32...) are the struct's. */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include <platform/percpu.h>
#include <stddef.h>

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;
    __asm__ volatile("movq %%gs:0, %0" : "=r"(p));
    return p;
}

static inline unsigned cpu_index(void)
{
    unsigned i;
    __asm__ volatile("movl %%gs:8, %0" : "=r"(i));
    return i;
}

static inline void *this_cpu_thread(void)
{
    void *t;
    __asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(offsetof(struct percpu, thread)));
    return t;
}

#endif
