/* smp.c - application processor start-up (INIT, then STARTUP IPIs, as in
 * the SDM's MP initialization protocol).
 *
 * APs are started one at a time: the trampoline has a single parameter
 * block, and waiting for each "online" flag keeps the protocol obvious.
 * QEMU accepts the first STARTUP; the second is sent only if the AP has
 * not checked in, as real hardware may need it. */
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/x86.h>
#include <platform/acpi.h>
#include <platform/kmem.h>
#include <platform/percpu.h>
#include <platform/smp.h>
#include <platform/tsc.h>
#include <string.h>

#define AP_TRAMPOLINE 0x8000
#define AP_ONLINE_TIMEOUT_US 2000000 /* TCG may take a while to start a vCPU thread */

extern char ap_trampoline_start[], ap_trampoline_end[];
extern char ap_tramp_cr3[], ap_tramp_stack[], ap_tramp_entry[], ap_tramp_cpu[];

static uint32_t apic_ids[PLATFORM_MAX_CPUS];
static unsigned running = 1;
static volatile int ap_online;
static ap_main_fn kernel_ap_main;

unsigned smp_cpu_count(void) { return running; }
uint32_t smp_apic_id(unsigned cpu) { return apic_ids[cpu]; }

void smp_stop_others(void)
{
    if (__atomic_load_n(&running, __ATOMIC_ACQUIRE) > 1)
        lapic_send_nmi_others();
}

/* First C code on an AP, on its own stack. */
static void ap_entry(unsigned cpu)
{
    percpu_init(cpu, apic_ids[cpu]); /* first: fault reports read it */
    gdt_init_cpu(cpu);
    idt_load();
    simd_init_cpu();
    lapic_init_cpu();
    __atomic_store_n(&ap_online, 1, __ATOMIC_RELEASE);
    kernel_ap_main(cpu);
    cpu_halt_forever();
}

/* Where the trampoline's parameter `slot` sits in the low-memory copy. */
static void *tramp_slot(char *slot)
{
    return (void *)(uintptr_t)(AP_TRAMPOLINE + (slot - ap_trampoline_start));
}

static int wait_online(uint64_t us)
{
    uint64_t end = tsc_ns() + us * 1000;

    while (!__atomic_load_n(&ap_online, __ATOMIC_ACQUIRE))
        if (tsc_ns() > end)
            return 0;
        else
            cpu_relax();
    return 1;
}

static int start_ap(unsigned cpu)
{
    char *stack = kmem_alloc(AP_STACK_SIZE); /* kept for good: the CPU runs on it */
    uint64_t top = ((uintptr_t)stack + AP_STACK_SIZE) & ~15ull;

    if (!stack)
        return 0;
    *(uint64_t *)tramp_slot(ap_tramp_stack) = top;
    *(uint64_t *)tramp_slot(ap_tramp_cpu) = cpu;
    ap_online = 0;
    lapic_send_startup(apic_ids[cpu], AP_TRAMPOLINE);
    if (!wait_online(200)) {
        lapic_send_startup(apic_ids[cpu], AP_TRAMPOLINE);
        if (!wait_online(AP_ONLINE_TIMEOUT_US))
            return 0;
    }
    return 1;
}

/* MADT order, with the boot CPU moved to index 0. */
static unsigned collect_cpus(uint64_t rsdp_hint)
{
    static struct acpi_cpus found;
    uint32_t self = lapic_id();
    unsigned i, n = 1;

    apic_ids[0] = self;
    if (acpi_init(rsdp_hint) != 0 || acpi_madt_cpus(&found) != 0)
        return 1;
    for (i = 0; i < found.count && n < PLATFORM_MAX_CPUS; i++)
        if (found.apic_id[i] != self)
            apic_ids[n++] = found.apic_id[i];
    return n;
}

unsigned smp_start(uint64_t rsdp_hint, ap_main_fn ap_main)
{
    unsigned n = collect_cpus(rsdp_hint), cpu;

    kernel_ap_main = ap_main;
    if (n == 1)
        return 1;
    memcpy((void *)AP_TRAMPOLINE, ap_trampoline_start, ap_trampoline_end - ap_trampoline_start);
    *(uint64_t *)tramp_slot(ap_tramp_cr3) = read_cr3();
    *(uint64_t *)tramp_slot(ap_tramp_entry) = (uintptr_t)ap_entry;
    for (cpu = 1; cpu < n; cpu++)
        lapic_send_init(apic_ids[cpu]);
    tsc_delay_us(10000); /* the SDM's INIT-to-STARTUP wait */
    for (cpu = 1; cpu < n; cpu++) {
        if (!start_ap(cpu))
            break; /* keep the CPUs that came up; indexes stay dense */
        __atomic_store_n(&running, cpu + 1, __ATOMIC_RELEASE);
    }
    return running;
}
