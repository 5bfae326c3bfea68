/* init.c - Nautilus-model kernel start: the platform comes up on the boot
 * CPU, the scheduler adopts the boot context as the main thread, every
 * other CPU listed by ACPI starts into its idle loop, then main runs. */
#include <platform/sched.h>
#include <nautilus/nautilus.h>
#include <platform/boot.h>
#include <platform/runtime.h>
#include <platform/smp.h>
#include <platform/tsc.h>
#include <stdio.h>

void kernel_start(const struct boot_info *bi)
{
    unsigned cpus;

    platform_init(bi);
    sched_init();
    sched_set_switch_by_call(); /* the thread API is plain calls: nautilus/threads.h */
    cpus = smp_start(bi->rsdp_paddr, sched_ap_main);
    sched_boot_cpu_ready();
#ifdef DIVER_DEBUG
    printf("[nautilus] Diver Nautilus kernel %s (debug), %u CPU%s, TSC %lu kHz\n",
           NAUTILUS_VERSION_STRING, cpus, cpus == 1 ? "" : "s", (unsigned long)(tsc_hz() / 1000));
    for (unsigned i = 0; i < cpus; i++)
        printf("[nautilus] cpu %u: APIC id %u\n", i, smp_apic_id(i));
    platform_log_boot(bi);
#else
    (void)cpus;
#endif
    platform_run_main(bi->cmdline);
}

const char *nautilus_version(void) { return NAUTILUS_VERSION_STRING; }

int nautilus_cpu_count(void) { return (int)smp_cpu_count(); }
