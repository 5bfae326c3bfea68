/* tsc.c - TSC calibration against the 8254 PIT (1.193182 MHz).
 *
 * Channel 0 runs in rate-generator mode from 65535 down; we latch and read
 * it while it counts ~10 ms worth of ticks and compare with the TSC. Under
 * QEMU both run on the host clock, so 10 ms gives a few ppm. When no PIT
 * answers (the count never moves) CPUID's nominal frequency is used. */
#include <arch/x86.h>
#include <platform/tsc.h>

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_RATE 0x34   /* channel 0, lo/hi byte, mode 2, binary */
#define PIT_CH0_LATCH 0x00
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define CALIBRATE_TICKS (PIT_HZ / 100)
#define FALLBACK_HZ 1000000000ull

static uint64_t hz = FALLBACK_HZ;
static uint64_t base_tsc;
static uint64_t ns_mult; /* ns per tick, scaled by 2^32 */

static uint16_t pit_read(void)
{
    uint8_t lo, hi;

    outb(PIT_CMD, PIT_CH0_LATCH);
    lo = inb(PIT_CH0);
    hi = inb(PIT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

/* TSC ticks for CALIBRATE_TICKS PIT ticks, or 0 if the PIT is absent. */
static uint64_t measure_with_pit(void)
{
    uint32_t elapsed = 0, stuck = 0;
    uint16_t prev, cur;
    uint64_t t0;

    outb(PIT_CMD, PIT_CH0_RATE);
    outb(PIT_CH0, 0xff);
    outb(PIT_CH0, 0xff);
    prev = pit_read();
    t0 = rdtsc();
    while (elapsed < CALIBRATE_TICKS) {
        cur = pit_read();
        if (cur == prev && ++stuck > 100000)
            return 0;
        elapsed += (uint16_t)(prev - cur); /* counts down, wraps at 65536 */
        prev = cur;
    }
    return (rdtsc() - t0) * PIT_HZ / elapsed;
}

static uint64_t cpuid_nominal_hz(void)
{
    uint32_t r[4];

    cpuid(0, 0, r);
    if (r[0] < 0x16)
        return 0;
    cpuid(0x16, 0, r);
    return (uint64_t)(r[0] & 0xffff) * 1000000ull;
}

void tsc_calibrate(void)
{
    uint64_t measured = measure_with_pit();

    if (!measured)
        measured = cpuid_nominal_hz();
    if (measured)
        hz = measured;
    /* Nothing uses the legacy PICs: mask them so the PIT we just started
     * never interrupts a CPU idling with interrupts on. */
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
    ns_mult = (1000000000ull << 32) / hz;
    base_tsc = rdtsc();
}

uint64_t tsc_hz(void) { return hz; }

uint64_t tsc_ns(void)
{
    return (uint64_t)(((unsigned __int128)(rdtsc() - base_tsc) * ns_mult) >> 32);
}

void tsc_delay_us(uint64_t us)
{
    uint64_t end = rdtsc() + us * hz / 1000000;

    while (rdtsc() < end)
        cpu_relax();
}
