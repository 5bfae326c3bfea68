/* stream.c - allocating kernel streams and their feof/ferror flags. */
#include "stdio_file.h"
#include <stdlib.h>

FILE *stream_new(const struct stream_ops *ops, void *cookie, int readable)
{
    FILE *f = calloc(1, sizeof *f);

    if (!f)
        return 0;
    f->readable = readable;
    f->pushback = EOF;
    f->ops = ops;
    f->cookie = cookie;
    return f;
}

void stream_free(FILE *f) { free(f); }
void *stream_cookie(FILE *f) { return f->cookie; }
int stream_is_kernel(FILE *f) { return f->ops != 0; }

void stream_set_flags(FILE *f, int eof, int error)
{
    f->eof |= eof;
    f->error |= error;
}

int stream_eof(FILE *f) { return f->eof; }
int stream_error(FILE *f) { return f->error; }

/* Write all of p through the stream's ops; marks the error flag on failure. */
size_t stream_put(FILE *f, const void *p, size_t n)
{
    long w = f->ops->write(f->cookie, p, n);

    if (w < 0 || (size_t)w != n) {
        f->error = 1;
        return w < 0 ? 0 : (size_t)w;
    }
    return n;
}

int stream_getc(FILE *f)
{
    unsigned char c;
    long r = f->ops->read(f->cookie, &c, 1);

    if (r == 1)
        return c;
    stream_set_flags(f, r == 0, r < 0);
    return EOF;
}
