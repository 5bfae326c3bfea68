/* lapic.c - local APIC driver (Intel SDM vol. 3, chapter 11).
 *
 * Registers are 32-bit and 16-byte spaced in the page at IA32_APIC_BASE,
 * which the boot identity map covers. The timer is the scheduler's tick
 * (preemption, and a sleeping CPU's periodic look for work), wake-up IPIs
 * end a hlt, and NMIs stop CPUs on panic. */
#include <arch/irq.h>
#include <arch/lapic.h>
#include <arch/x86.h>
#include <platform/percpu.h>
#include <platform/tsc.h>

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)

#define REG_ID        0x020
#define REG_TPR       0x080
#define REG_EOI       0x0b0
#define REG_SVR       0x0f0
#define REG_ICR_LOW   0x300
#define REG_ICR_HIGH  0x310
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_LVT_LINT1 0x360
#define REG_LVT_ERROR 0x370
#define REG_TIMER_INIT 0x380
#define REG_TIMER_CUR  0x390
#define REG_TIMER_DIV  0x3e0

#define SVR_ENABLE     (1u << 8)
#define LVT_MASKED     (1u << 16)
#define TIMER_PERIODIC (1u << 17)
#define TIMER_DIV_16   0x3
#define ICR_PENDING    (1u << 12)
#define ICR_NMI        (4u << 8)
#define ICR_INIT       (5u << 8)
#define ICR_STARTUP    (6u << 8)
#define ICR_ASSERT     (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)

static uintptr_t base;
static uint64_t timer_ticks_per_ms;

static uint32_t rd(unsigned reg) { return *(volatile uint32_t *)(base + reg); }
static void wr(unsigned reg, uint32_t v) { *(volatile uint32_t *)(base + reg) = v; }

void lapic_init_cpu(void)
{
    uint64_t msr = rdmsr(MSR_APIC_BASE);

    wrmsr(MSR_APIC_BASE, msr | APIC_BASE_ENABLE);
    base = msr & ~0xfffull;
    /* The boot CPU comes up with LINT0 in ExtINT mode: an unprogrammed
     * 8259 could then inject vectors that look like exceptions. */
    wr(REG_LVT_LINT0, LVT_MASKED);
    wr(REG_LVT_ERROR, LVT_MASKED);
    wr(REG_LVT_TIMER, LVT_MASKED);
    wr(REG_TPR, 0);
    wr(REG_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
}

uint32_t lapic_id(void) { return rd(REG_ID) >> 24; }
void lapic_eoi(void) { wr(REG_EOI, 0); }

static void icr_send(uint32_t dest, uint32_t low)
{
    while (rd(REG_ICR_LOW) & ICR_PENDING)
        cpu_relax();
    wr(REG_ICR_HIGH, dest << 24);
    wr(REG_ICR_LOW, low);
}

void lapic_send_ipi(uint32_t apic_id, uint8_t vector) { icr_send(apic_id, vector); }
void lapic_send_nmi_others(void) { icr_send(0, ICR_ALL_BUT_SELF | ICR_NMI); }
void lapic_send_init(uint32_t apic_id) { icr_send(apic_id, ICR_INIT | ICR_ASSERT); }

void lapic_send_startup(uint32_t apic_id, uint32_t trampoline_paddr)
{
    icr_send(apic_id, ICR_STARTUP | (trampoline_paddr >> 12));
}

/* Count the timer down for about 1 ms of TSC time, and divide by the TSC
 * time that really passed. Under TCG on a busy host the vCPU's thread may be
 * descheduled inside the wait while the timer counts on (both follow the
 * host's clock): taking the count as 1 ms made every tick of that boot as
 * many times too long (a 1 ms slice became tens of ms). The clock reads sit
 * right beside the timer's, so only a deschedule in those few instructions
 * still skews it, and only towards shorter ticks. */
void lapic_timer_calibrate(void)
{
    uint64_t start, elapsed_ns;
    uint32_t counted;

    wr(REG_TIMER_DIV, TIMER_DIV_16);
    wr(REG_LVT_TIMER, LVT_MASKED);
    start = tsc_ns();
    wr(REG_TIMER_INIT, 0xffffffffu);
    tsc_delay_us(1000);
    counted = 0xffffffffu - rd(REG_TIMER_CUR);
    elapsed_ns = tsc_ns() - start;
    wr(REG_TIMER_INIT, 0);
    timer_ticks_per_ms = elapsed_ns ? (uint64_t)counted * 1000000ull / elapsed_ns : 0;
    if (timer_ticks_per_ms == 0)
        timer_ticks_per_ms = 1000; /* timer did not move: keep some tick */
}

/* A mode change stops the timer first (initial count 0). The mode takes
 * effect at the LVT write, with the old count still loaded: a one-shot's
 * count of a few ticks turned periodic was a period of nanoseconds until
 * the new count landed, and QEMU's main loop, firing it back to back under
 * its big lock, could starve the vCPU trying to write that count (the
 * guest hung with QEMU at 100 % of a core). */
void lapic_timer_start(uint32_t period_us)
{
    uint64_t ticks = timer_ticks_per_ms * period_us / 1000;

    wr(REG_TIMER_INIT, 0);
    wr(REG_TIMER_DIV, TIMER_DIV_16);
    wr(REG_LVT_TIMER, TIMER_PERIODIC | VECTOR_TIMER);
    wr(REG_TIMER_INIT, ticks ? (uint32_t)ticks : 1);
    this_cpu()->tick_us = period_us;
}

void lapic_timer_once(uint32_t delay_us)
{
    uint64_t ticks = timer_ticks_per_ms * delay_us / 1000;

    wr(REG_TIMER_INIT, 0);
    wr(REG_TIMER_DIV, TIMER_DIV_16);
    wr(REG_LVT_TIMER, VECTOR_TIMER); /* one-shot mode */
    wr(REG_TIMER_INIT, ticks ? (uint32_t)(ticks > UINT32_MAX ? UINT32_MAX : ticks) : 1);
}
