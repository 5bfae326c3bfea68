/* file_stdio.c - fopen and friends over forwarded descriptors.
 *
 * A stream keeps a small read buffer (fgets would otherwise cost one
 * forwarded call per byte) and writes straight through, so output reaches
 * the host file in the order the app wrote it and fclose has nothing to
 * lose. fseek drops the read buffer and moves the host offset. */
#include <errno.h>
#include <fcntl.h>
#include <platform/stream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_BUF 4096

struct file_cookie {
    int fd;
    size_t pos, len; /* unread bytes are buf[pos..len) */
    char buf[READ_BUF];
};

static long cookie_write(void *c, const void *p, size_t n)
{
    struct file_cookie *fc = c;
    const char *s = p;
    size_t done = 0;
    ssize_t w;

    if (fc->pos < fc->len && lseek(fc->fd, (off_t)fc->pos - (off_t)fc->len, SEEK_CUR) >= 0)
        fc->pos = fc->len = 0; /* writing after reading: the host offset must match the app's */
    while (done < n) {
        w = write(fc->fd, s + done, n - done);
        if (w <= 0)
            return done ? (long)done : -1;
        done += (size_t)w;
    }
    return (long)done;
}

static long cookie_read(void *c, void *p, size_t n)
{
    struct file_cookie *fc = c;
    ssize_t r;
    size_t k;

    if (fc->pos == fc->len) {
        if (n >= READ_BUF)
            return read(fc->fd, p, n); /* large reads skip the buffer */
        r = read(fc->fd, fc->buf, READ_BUF);
        if (r <= 0)
            return r;
        fc->pos = 0;
        fc->len = (size_t)r;
    }
    k = fc->len - fc->pos < n ? fc->len - fc->pos : n;
    memcpy(p, fc->buf + fc->pos, k);
    fc->pos += k;
    return (long)k;
}

static const struct stream_ops file_ops = { cookie_write, cookie_read, 0 };

/* "r", "w", "a" with optional "+" and "b" -> open flags; -1 if invalid. */
static int mode_flags(const char *mode)
{
    int plus = strchr(mode, '+') != 0;

    switch (mode[0]) {
    case 'r': return plus ? O_RDWR : O_RDONLY;
    case 'w': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    case 'a': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    default: return -1;
    }
}

FILE *fopen(const char *path, const char *mode)
{
    int flags = mode_flags(mode);
    struct file_cookie *fc;
    FILE *f;

    if (flags < 0) {
        errno = EINVAL;
        return 0;
    }
    fc = calloc(1, sizeof *fc);
    if (!fc) {
        errno = ENOMEM;
        return 0;
    }
    fc->fd = open(path, flags, 0644);
    f = fc->fd < 0 ? 0 : stream_new(&file_ops, fc, (flags & O_ACCMODE) != O_WRONLY);
    if (!f) {
        if (fc->fd >= 0)
            close(fc->fd);
        free(fc);
    }
    return f;
}

static struct file_cookie *cookie_of(FILE *f)
{
    return stream_is_kernel(f) ? stream_cookie(f) : 0;
}

int fclose(FILE *f)
{
    struct file_cookie *fc = cookie_of(f);
    int r;

    if (!fc)
        return 0; /* the console stays open */
    r = close(fc->fd);
    free(fc);
    stream_free(f);
    return r;
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
    struct file_cookie *fc = cookie_of(f);
    char *out = p;
    size_t want = size * n, got = 0;
    long r = 1;
    int c;

    if (size == 0)
        return 0;
    if (!fc) {
        while (got < want && (c = fgetc(f)) != EOF)
            out[got++] = (char)c;
        return got / size;
    }
    while (got < want && (r = cookie_read(fc, out + got, want - got)) > 0)
        got += (size_t)r; /* whole blocks: one forwarded read each */
    stream_set_flags(f, r == 0, r < 0);
    return got / size;
}

int fseek(FILE *f, long offset, int whence)
{
    struct file_cookie *fc = cookie_of(f);

    if (!fc) {
        errno = ESPIPE;
        return -1;
    }
    if (whence == SEEK_CUR)
        offset -= (long)(fc->len - fc->pos); /* the host is ahead by what is buffered */
    fc->pos = fc->len = 0;
    return lseek(fc->fd, offset, whence) < 0 ? -1 : 0;
}

long ftell(FILE *f)
{
    struct file_cookie *fc = cookie_of(f);
    off_t at;

    if (!fc) {
        errno = ESPIPE;
        return -1;
    }
    at = lseek(fc->fd, 0, SEEK_CUR);
    return at < 0 ? -1 : (long)(at - (off_t)(fc->len - fc->pos));
}

void rewind(FILE *f) { fseek(f, 0, SEEK_SET); }
int feof(FILE *f) { return stream_eof(f); }
int ferror(FILE *f) { return stream_error(f); }
