/* context.c - x86-64 thread context beyond the switch itself: the first
 * stack frame of a new thread, the FPU/SIMD state a switch must carry,
 * and the FS base (TLS pointer).
 *
 * A switch carries only what nothing else keeps. Every way into
 * sched_switch is a SysV call (all XMM/YMM registers caller-saved, the x87
 * stack empty) or passes through an entry stub that has already fxsaved
 * the legacy x87/SSE state on the thread's stack (the interrupt entry,
 * cpu/trap_entry.S, before a preempting tick; the Posix kernel's syscall
 * entry). What is left: the control words the ABI makes callee-saved (x87
 * FCW, MXCSR), and, after an entry stub only, the upper AVX halves, which
 * its fxsave does not cover (a preempted or syscalling thread may have them
 * live): the caller says whether they are needed (`with_vectors`). A full
 * xsave/xrstor of the 832-byte area on every switch cost more than the rest
 * of a same-CPU create+join under TCG (measured in-guest: 1.41 us per
 * xsave+xrstor pair against 0.55 us for the AVX component alone and 0.01 us
 * for the control words).
 *
 * The area keeps xsave's standard layout: FCW and MXCSR at their fxsave
 * offsets, the AVX halves at 576 after the header. A new thread starts from
 * the power-on control state (FCW 0x37f, MXCSR 0x1f80: all exceptions
 * masked) with its AVX halves zero. */
#include "../../../sched/sched_internal.h"
#include <arch/x86.h>
#include <string.h>

#define CR4_OSXSAVE (1ull << 18)
#define FXSAVE_SIZE 512
#define FCW_OFFSET 0
#define MXCSR_OFFSET 24
#define MXCSR_DEFAULT 0x1f80
#define XFEATURES_BEYOND_SSE (~3ull) /* x87 and SSE are components 0 and 1 */
#define MSR_FS_BASE 0xc0000100

static size_t area_size;
static uint64_t extended; /* the components beyond SSE that XCR0 enables (AVX) */

size_t arch_fpu_area_size(void)
{
    uint32_t r[4];

    if (area_size)
        return area_size;
    area_size = FXSAVE_SIZE;
    if (read_cr4() & CR4_OSXSAVE) {
        extended = xgetbv(0) & XFEATURES_BEYOND_SSE;
        cpuid(0xd, 0, r);
        area_size = r[1]; /* EBX: size for the components XCR0 enables */
    }
    return area_size;
}

/* Once per area: xrstor faults on a header whose reserved bytes are not zero. */
void arch_fpu_area_clear(void *area) { memset(area, 0, arch_fpu_area_size()); }

void arch_fpu_start(void)
{
    uint32_t mxcsr = MXCSR_DEFAULT;

    /* fninit: FCW 0x37f, status clear, x87 stack empty; vzeroupper: the
     * AVX halves' initial state (XCR0 enables no more, see cpu/simd.c). */
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    if (extended)
        __asm__ volatile("vzeroupper");
}

void arch_fpu_save(void *area, int with_vectors)
{
    char *a = area;

    __asm__ volatile("fnstcw (%0); stmxcsr (%1)" : : "r"(a + FCW_OFFSET), "r"(a + MXCSR_OFFSET) : "memory");
    if (extended && with_vectors)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((uint32_t)extended), "d"((uint32_t)(extended >> 32))
                         : "memory");
}

void arch_fpu_restore(void *area, int with_vectors)
{
    char *a = area;

    __asm__ volatile("fldcw (%0); ldmxcsr (%1)" : : "r"(a + FCW_OFFSET), "r"(a + MXCSR_OFFSET) : "memory");
    if (extended && with_vectors)
        __asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"((uint32_t)extended), "d"((uint32_t)(extended >> 32))
                         : "memory");
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
