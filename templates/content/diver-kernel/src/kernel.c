/* kernel.c - the kernel's one required function. The platform layer has
 * already entered long mode and calls kernel_start with what the boot
 * loader passed; a kernel brings up its own subsystems here, then runs the
 * app. This one has none: it starts main() at once. */
#include <kernel/kernel.h>
#include <platform/boot.h>
#include <platform/runtime.h>
#include <stdio.h>

void kernel_start(const struct boot_info *bi)
{
    platform_init(bi);
#ifdef DIVER_DEBUG
    printf("[kernel] %s starting\n", kernel_name());
    platform_log_boot(bi);
#endif
    platform_run_main(bi->cmdline);
}
