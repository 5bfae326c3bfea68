/* sprintf.c - formatting into memory. The buffer sink keeps counting past
 * the end so snprintf can report the length it would have needed. */
#include "format.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct buf_sink {
    struct sink base;
    char *buf;
    size_t cap; /* bytes available for characters (size - 1) */
};

static void buf_put(struct sink *s, const char *p, size_t n)
{
    struct buf_sink *b = (struct buf_sink *)s;
    size_t room = b->cap > s->count ? b->cap - s->count : 0;

    memcpy(b->buf + s->count, p, n < room ? n : room);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buf_sink b = { { buf_put, 0 }, buf, size ? size - 1 : 0 };
    int n = format(&b.base, fmt, ap);

    if (size)
        buf[(size_t)n < size ? (size_t)n : size - 1] = '\0';
    return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, SIZE_MAX / 2, fmt, ap); }

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}
