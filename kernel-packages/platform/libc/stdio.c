/* stdio.c - FILE streams over the COM1 console. Output is unbuffered so a
 * fault never swallows what the app printed; input has one byte of
 * pushback for ungetc. */
#include "format.h"
#include "stdio_file.h"
#include <platform/runtime.h>
#include <platform/serial.h>
#include <stdio.h>
#include <string.h>

#define CTRL_D 0x04

size_t stream_put(FILE *f, const void *p, size_t n); /* stream.c */
int stream_getc(FILE *f);

static struct __diver_file files[3] = { { 1, EOF, 0, 0, 0, 0 }, { 0, EOF, 0, 0, 0, 0 }, { 0, EOF, 0, 0, 0, 0 } };
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

static void console_sink(struct sink *s, const char *p, size_t n)
{
    (void)s;
    serial_write(p, n);
}

/* A sink for kernel streams: the FILE rides behind the sink. */
struct file_sink {
    struct sink s;
    FILE *f;
};

static void stream_sink(struct sink *s, const char *p, size_t n) { stream_put(((struct file_sink *)s)->f, p, n); }

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    struct file_sink fs = { { f->ops ? stream_sink : console_sink, 0 }, f };

    return format(&fs.s, fmt, ap);
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;

    if (f->ops)
        return stream_put(f, &ch, 1) == 1 ? (unsigned char)ch : EOF;
    if (f->readable)
        return EOF;
    serial_write(&ch, 1);
    return (unsigned char)ch;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
    if (f->ops)
        return stream_put(f, s, strlen(s)) == strlen(s) ? 0 : EOF;
    if (f->readable)
        return EOF;
    serial_write(s, strlen(s));
    return 0;
}

int puts(const char *s)
{
    fputs(s, stdout);
    return fputc('\n', stdout) == EOF ? EOF : 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (f->ops)
        return size == 0 ? 0 : stream_put(f, p, size * n) / size;
    if (f->readable || size == 0)
        return 0;
    serial_write(p, size * n);
    return n;
}

int fflush(FILE *f)
{
    if (f && f->ops && f->ops->flush)
        return f->ops->flush(f->cookie);
    return 0; /* the console buffers nothing */
}

void stdio_flush_all(void) { fflush(stdout); }

int fgetc(FILE *f)
{
    int c;

    if (!f->readable)
        return EOF;
    if (f->ops && f->pushback == EOF)
        return stream_getc(f);
    if (f->pushback != EOF) {
        c = f->pushback;
        f->pushback = EOF;
        return c;
    }
    c = serial_getc();
    if (c == CTRL_D)
        return EOF;
    return c == '\r' ? '\n' : c; /* a terminal's Enter sends CR */
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
    if (c == EOF || !f->readable)
        return EOF;
    f->pushback = (unsigned char)c;
    return c;
}

char *fgets(char *buf, int size, FILE *f)
{
    int i = 0, c = 0;

    if (size <= 0)
        return 0;
    while (i < size - 1 && (c = fgetc(f)) != EOF) {
        buf[i++] = (char)c;
        if (c == '\n')
            break;
    }
    buf[i] = '\0';
    return (i == 0 && c == EOF) ? 0 : buf;
}
