/* exit.h - leaving the virtual machine through QEMU's isa-debug-exit.
 *
 * Writing w to port 0xf4 makes QEMU exit with status (w << 1) | 1.
 * Diver reserves w = 0x7f for panics, so apps get 0..0x7e. */
#ifndef PLATFORM_EXIT_H
#define PLATFORM_EXIT_H

#define DEBUG_EXIT_PORT   0xf4
#define EXIT_CODE_PANIC   0x7f
#define EXIT_CODE_MASK    0x7f

/* Write w to the exit device; halts forever if QEMU did not stop. */
__attribute__((noreturn)) void platform_exit_code(unsigned w);

/* Map an app exit value to the 7-bit code (never the panic code). */
unsigned platform_app_exit_code(int value);

#endif
