/* context.c - x86-64 thread context beyond the switch itself: the first
 * stack frame of a new thread, the FPU/SIMD state a switch must carry,
 * and the FS base (TLS pointer).
 *
 * A switch carries only what nothing else keeps. Every way into
 * sched_switch is a SysV call (all XMM registers and the x87 stack are
 * caller-saved or empty there) or passes through an entry stub that has
 * already fxsaved the legacy x87/SSE state on the thread's stack (the
 * interrupt entry, cpu/trap_entry.S, before a preempting tick; the Posix
 * kernel's syscall entry). What is left: the control words the ABI makes
 * callee-saved (x87 FCW, MXCSR), and the upper AVX halves, which the
 * stubs' fxsave does not cover (a preempted or syscalling thread may have
 * them live). A full xsave/xrstor of the 832-byte area on every switch
 * cost more than the rest of a same-CPU create+join under TCG (measured:
 * 1.41 us per xsave+xrstor pair against 0.55 us for the AVX component
 * alone and 0.01 us for the control words).
 *
 * The area keeps xsave's standard layout: FCW and MXCSR at their fxsave
 * offsets, the xsave header at 512, the AVX halves at 576. A new thread
 * starts from the power-on control state (FCW 0x37f, MXCSR 0x1f80: all
 * exceptions masked) with its AVX halves in their initial (zero) state. */
#include "../../sched_internal.h"
#include <platform/x86.h>
#include <string.h>

#define CR4_OSXSAVE (1ull << 18)
#define FXSAVE_SIZE 512
#define FCW_OFFSET 0
#define MXCSR_OFFSET 24
#define XSTATE_BV_OFFSET FXSAVE_SIZE
#define FCW_DEFAULT 0x37f
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

void arch_fpu_area_init(void *area)
{
    *(uint16_t *)((char *)area + FCW_OFFSET) = FCW_DEFAULT;
    *(uint32_t *)((char *)area + MXCSR_OFFSET) = MXCSR_DEFAULT;
    if (extended)
        *(uint64_t *)((char *)area + XSTATE_BV_OFFSET) = 0; /* xrstor gives initial AVX halves */
}

void arch_fpu_save(void *area)
{
    char *a = area;

    __asm__ volatile("fnstcw (%0); stmxcsr (%1)" : : "r"(a + FCW_OFFSET), "r"(a + MXCSR_OFFSET) : "memory");
    if (extended)
        __asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((uint32_t)extended), "d"((uint32_t)(extended >> 32))
                         : "memory");
}

void arch_fpu_restore(void *area)
{
    char *a = area;

    __asm__ volatile("fldcw (%0); ldmxcsr (%1)" : : "r"(a + FCW_OFFSET), "r"(a + MXCSR_OFFSET) : "memory");
    if (extended)
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
