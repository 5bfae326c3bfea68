/* format.h - the printf engine, shared by every *printf variant. Output
 * goes through a sink so the same code fills buffers and drives COM1. */
#ifndef LIBC_FORMAT_H
#define LIBC_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

struct sink {
    void (*put)(struct sink *s, const char *p, size_t n);
    size_t count; /* characters produced, as printf returns */
};

int format(struct sink *s, const char *fmt, va_list ap);

/* Floating point conversion (format_float.c): writes the digits of
 * |x| for conv f/e/g/F/E/G into buf (no sign); returns the length. */
int format_float(char *buf, size_t cap, double x, char conv, int prec, int alt);

#endif
