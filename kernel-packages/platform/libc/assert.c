/* assert.c - the failure path of assert(). */
#include <assert.h>
#include <platform/panic.h>
#include <stdio.h>

void __assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
    fprintf(stderr, "Assertion failed: %s, file %s, line %u, function %s\n", expr, file, line,
            func);
    panic("assertion failed");
}
