/* panic.h - the single way out for unrecoverable errors. */
#ifndef PLATFORM_PANIC_H
#define PLATFORM_PANIC_H

#include <stdint.h>

/* Prints "PANIC: <message>", a backtrace, and exits with EXIT_CODE_PANIC. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

__attribute__((noreturn)) void vpanic(const char *fmt, __builtin_va_list ap);

/* Building blocks shared with the fault handler. */
int panic_begin(void);                      /* 0 first time, 1 if nested; stops other CPUs */
int panic_in_progress(void);
void panic_print_where(void);               /* "  CPU: n  thread: t" */
void panic_backtrace(uintptr_t rbp);        /* "  bt: 0x..." lines */
__attribute__((noreturn)) void panic_finish(void);

#ifdef DIVER_DEBUG
#define kassert(e) ((e) ? (void)0 : panic("kassert(%s) failed at %s:%d", #e, __FILE__, __LINE__))
#else
#define kassert(e) ((void)0)
#endif

#endif
