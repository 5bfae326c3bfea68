/* panic.c - kernel_panic(), the Nautilus-flavoured name for the platform
 * panic, so app code written against nautilus.h reads naturally. */
#include <nautilus/nautilus.h>
#include <platform/panic.h>
#include <platform/x86.h>
#include <stdarg.h>
#include <stdio.h>

void kernel_panic(const char *fmt, ...)
{
    va_list ap;

    if (panic_begin())
        panic_finish();
    fputs("PANIC: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    panic_backtrace(read_rbp());
    panic_finish();
}
