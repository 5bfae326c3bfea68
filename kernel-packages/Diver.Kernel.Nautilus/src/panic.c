/* panic.c - kernel_panic(), the Nautilus-flavoured name for the platform
 * panic, so app code written against nautilus.h reads naturally. */
#include <nautilus/nautilus.h>
#include <platform/panic.h>
#include <stdarg.h>

void kernel_panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vpanic(fmt, ap);
}
