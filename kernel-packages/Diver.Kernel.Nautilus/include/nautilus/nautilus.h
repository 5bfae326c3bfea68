/* nautilus/nautilus.h - what an app may ask of the Diver Nautilus kernel.
 * Apps run in kernel mode: everything here is a plain function call. */
#ifndef NAUTILUS_NAUTILUS_H
#define NAUTILUS_NAUTILUS_H

#define NAUTILUS_VERSION_MAJOR 0
#define NAUTILUS_VERSION_MINOR 1
#define NAUTILUS_VERSION_PATCH 0
#define NAUTILUS_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* Prints "PANIC: <message>" and a backtrace, then stops the VM with the
 * panic exit code (QEMU status 255). */
__attribute__((noreturn, format(printf, 1, 2))) void kernel_panic(const char *fmt, ...);

/* The kernel's version string, e.g. "0.1.0". */
const char *nautilus_version(void);

/* Number of CPUs running app code (same as kernel_num_cpus()). */
int nautilus_cpu_count(void);

#ifdef __cplusplus
}
#endif

#endif
