/* init.c - Nautilus-model kernel start: the app runs in kernel mode, on
 * the boot CPU, right after the platform is up. Later SMP work (starting
 * the other CPUs, per-CPU threads) belongs here, not in the platform. */
#include <nautilus/nautilus.h>
#include <platform/boot.h>
#include <platform/runtime.h>
#include <stdio.h>

void kernel_start(const struct boot_info *bi)
{
    platform_init(bi);
#ifdef DIVER_DEBUG
    printf("[nautilus] Diver Nautilus kernel %s (debug), 1 CPU\n", NAUTILUS_VERSION_STRING);
    platform_log_boot(bi);
#endif
    platform_run_main(bi->cmdline);
}

const char *nautilus_version(void) { return NAUTILUS_VERSION_STRING; }

int nautilus_cpu_count(void) { return 1; }
