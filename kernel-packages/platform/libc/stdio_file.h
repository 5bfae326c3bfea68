/* stdio_file.h - the FILE structure, private to the libc (stdio.c, stream.c). */
#ifndef LIBC_STDIO_FILE_H
#define LIBC_STDIO_FILE_H

#include <platform/stream.h>

struct __diver_file {
    int readable;
    int pushback; /* EOF when empty */
    const struct stream_ops *ops; /* NULL for the console */
    void *cookie;
    int eof, error;
};

#endif
