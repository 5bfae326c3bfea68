/* runtime.h - bringing the platform up and handing control to the app. */
#ifndef PLATFORM_RUNTIME_H
#define PLATFORM_RUNTIME_H

#include <platform/boot.h>

/* Console, CPU tables, memory map and heap, in that order. */
void platform_init(const struct boot_info *bi);

/* Hands the free RAM to the kernel's allocator; defined by mm/heap.c (the
 * platform heap behind its malloc) or by a kernel with its own allocator. */
void platform_memory_init(void);

/* Prints the memory map, heap and command line (debug boot log). */
void platform_log_boot(const struct boot_info *bi);

/* Runs .init_array constructors, then main on its own guarded stack, then
 * exit() with its return value. */
__attribute__((noreturn)) void platform_run_main(const char *cmdline);

/* stdout/stderr flush hook run by exit() before leaving. */
void stdio_flush_all(void);
void atexit_run(void);

#endif
