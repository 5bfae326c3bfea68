/* stdio.c - FILE streams. The console (stdin, stdout, stderr on COM1) is
 * unbuffered so a fault never swallows what the app printed; input has one
 * byte of pushback for ungetc. Each call's console output is written whole
 * under the console lock, so lines from different CPUs do not interleave.
 * Streams opened by a kernel (f->ops, e.g. forwarded files) go to stream.c.
 * In a streamed pipeline stage stdin and stdout are channels instead of the
 * console (channel.h); stderr stays on the console. */
#include "format.h"
#include "stdio_file.h"
#include <diver/channel.h>
#include <platform/console_input.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <platform/spinlock.h>
#include <platform/serial.h>
#include <stdio.h>
#include <string.h>

size_t stream_put(FILE *f, const void *p, size_t n); /* stream.c */
int stream_getc(FILE *f);

static struct __diver_file files[3] = { { 1, EOF, 0, 0, 0, 0 }, { 0, EOF, 0, 0, 0, 0 }, { 0, EOF, 0, 0, 0, 0 } };
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

static struct spinlock console_lock = SPINLOCK_INIT("console");

/* A panic may have stopped a CPU inside the lock: the report goes out
 * regardless (the other CPUs are halted by then). */
static int console_enter(void)
{
    if (panic_in_progress())
        return 0;
    spin_lock(&console_lock);
    return 1;
}

static void console_leave(int locked)
{
    if (locked)
        spin_unlock(&console_lock);
}

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

static void channel_sink(struct sink *s, const char *p, size_t n)
{
    (void)s;
    chan_stdout_write(p, n);
}

/* stdout of a streamed stage: its bytes go to the output channel. */
static int to_channel(FILE *f) { return f == stdout && chan_stdout_active(); }

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    struct file_sink fs = { { console_sink, 0 }, f };
    int locked, n;

    if (f->ops) {
        fs.s.put = stream_sink;
        return format(&fs.s, fmt, ap);
    }
    if (to_channel(f)) {
        fs.s.put = channel_sink;
        return format(&fs.s, fmt, ap);
    }
    locked = console_enter();
    n = format(&fs.s, fmt, ap);
    console_leave(locked);
    return n;
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

/* Writes n bytes to an output stream: a kernel stream, or the console under its lock. */
static int stream_write(FILE *f, const char *p, size_t n)
{
    int locked;

    if (f->ops)
        return stream_put(f, p, n) == n ? 0 : EOF;
    if (f->readable)
        return EOF;
    if (to_channel(f)) {
        chan_stdout_write(p, n);
        return 0;
    }
    locked = console_enter();
    serial_write(p, n);
    console_leave(locked);
    return 0;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;

    return stream_write(f, &ch, 1) == EOF ? EOF : (unsigned char)ch;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f) { return stream_write(f, s, strlen(s)); }

int puts(const char *s)
{
    int locked;

    if (to_channel(stdout)) {
        chan_stdout_write(s, strlen(s));
        chan_stdout_write("\n", 1);
        return 0;
    }
    locked = console_enter();

    serial_write(s, strlen(s));
    serial_write("\n", 1);
    console_leave(locked);
    return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (size == 0)
        return 0;
    if (f->ops)
        return stream_put(f, p, size * n) / size;
    return stream_write(f, p, size * n) == EOF ? 0 : n;
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
    if (f == stdin && chan_stdin_active()) {
        unsigned char b;
        return chan_stdin_read(&b, 1) == 1 ? b : EOF;
    }
    c = console_getc(); /* end of input, escapes and a terminal's CR: console_input.h */
    return c == CONSOLE_END ? EOF : c;
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
