/* exit.h - leaving the virtual machine through QEMU's isa-debug-exit.
 *
 * Writing w to port 0xf4 makes QEMU exit with status (w << 1) | 1. QEMU's own
 * error exit is status 1 (w = 0), so w = 0 is never written: an app code c
 * (0..125) is written as c + 1, and w = 0x7f is reserved for panics. */
#ifndef PLATFORM_EXIT_H
#define PLATFORM_EXIT_H

#define DEBUG_EXIT_PORT   0xf4
#define EXIT_CODE_PANIC   0x7f
#define EXIT_APP_CODE_MAX 125

/* Write w to the exit device; halts forever if QEMU did not stop. */
__attribute__((noreturn)) void platform_exit_code(unsigned w);

/* Map an app exit value to the value written (1..126: never 0, never the panic code). */
unsigned platform_app_exit_code(int value);

#endif
