/* context.c - x86-64 thread context beyond the switch itself: the first
 * stack frame of a new thread, its FPU/SSE save area, and the FS base
 * (TLS pointer).
 *
 * The save area is xsave's (every state component XCR0 enables, AVX
 * included) when the OS enabled XSAVE (cpu/simd.c), else fxsave's 512
 * bytes. A new thread starts from the power-on control state: x87 control
 * word 0x37f and MXCSR 0x1f80 (all exceptions masked), everything else
 * in its initial state (xsave header all zero). */
#include "../../sched_internal.h"
#include <platform/x86.h>
#include <string.h>

#define CR4_OSXSAVE (1ull << 18)
#define FXSAVE_SIZE 512
#define FCW_OFFSET 0
#define MXCSR_OFFSET 24
#define FCW_DEFAULT 0x37f
#define MXCSR_DEFAULT 0x1f80
#define MSR_FS_BASE 0xc0000100

static size_t area_size;
static int use_xsave;

size_t arch_fpu_area_size(void)
{
    uint32_t r[4];

    if (area_size)
        return area_size;
    use_xsave = (read_cr4() & CR4_OSXSAVE) != 0;
    area_size = FXSAVE_SIZE;
    if (use_xsave) {
        cpuid(0xd, 0, r);
        area_size = r[1]; /* EBX: size for the components XCR0 enables */
    }
    return area_size;
}

void arch_fpu_area_init(void *area)
{
    memset(area, 0, arch_fpu_area_size());
    *(uint16_t *)((char *)area + FCW_OFFSET) = FCW_DEFAULT;
    *(uint32_t *)((char *)area + MXCSR_OFFSET) = MXCSR_DEFAULT;
}

void arch_fpu_save(void *area)
{
    if (use_xsave)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"(-1), "d"(-1) : "memory");
    else
        __asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void arch_fpu_restore(void *area)
{
    if (use_xsave)
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"(-1), "d"(-1) : "memory");
    else
        __asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void arch_set_fs_base(uintptr_t base) { wrmsr(MSR_FS_BASE, base); }

/* Six callee-saved registers (zero) for arch_switch to pop, then the
 * return address arch_thread_start, on a 16-byte aligned top. */
uint64_t arch_initial_rsp(void *stack, size_t size)
{
    uint64_t *top = (uint64_t *)(((uintptr_t)stack + size) & ~15ull);

    *--top = 0;
    *--top = (uintptr_t)arch_thread_start;
    top -= 6;
    memset(top, 0, 6 * sizeof(*top));
    return (uintptr_t)top;
}
