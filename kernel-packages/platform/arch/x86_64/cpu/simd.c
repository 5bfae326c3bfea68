/* simd.c - SIMD state beyond SSE.
 *
 * SSE/SSE2 are switched on in boot/entry.S before any C runs, because the
 * compiler may use XMM registers anywhere. Here we additionally enable the
 * AVX register state when the CPU has XSAVE and AVX, so apps built with
 * -mavx (or libraries that probe CPUID) don't take #UD. */
#include <arch/cpu.h>
#include <arch/x86.h>

#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX   (1u << 28)
#define CR4_OSXSAVE      (1ull << 18)
#define XCR0_X87_SSE_AVX 0x7

void simd_init_cpu(void)
{
    uint32_t r[4];

    cpuid(1, 0, r);
    if (!(r[2] & CPUID1_ECX_XSAVE) || !(r[2] & CPUID1_ECX_AVX))
        return;
    write_cr4(read_cr4() | CR4_OSXSAVE);
    xsetbv(0, XCR0_X87_SSE_AVX);
}
