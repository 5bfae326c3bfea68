/* stream.h - FILE streams that are not the console.
 *
 * stdio's console streams need nothing from a kernel. A kernel that has
 * files (Nautilus under SplitVM forwards them to the host) makes a FILE with
 * stream_new; printf-family, fwrite, fputs, fgetc and fflush then call its
 * ops instead of the serial port. */
#ifndef PLATFORM_STREAM_H
#define PLATFORM_STREAM_H

#include <stddef.h>
#include <stdio.h>

struct stream_ops {
    /* Both return bytes moved, or -1 with errno set. read returns 0 at EOF. */
    long (*write)(void *cookie, const void *p, size_t n);
    long (*read)(void *cookie, void *p, size_t n);
    int (*flush)(void *cookie);
};

FILE *stream_new(const struct stream_ops *ops, void *cookie, int readable);
void stream_free(FILE *f);
void *stream_cookie(FILE *f);
/* 1 if f is a kernel stream (not the console). */
int stream_is_kernel(FILE *f);
/* Sticky end-of-file and error indicators (feof/ferror). */
void stream_set_flags(FILE *f, int eof, int error);
int stream_eof(FILE *f);
int stream_error(FILE *f);

#endif
