/* sys/types.h - the POSIX scalar types the file functions use. */
#ifndef _DIVER_SYS_TYPES_H
#define _DIVER_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef int64_t off_t;
typedef uint32_t mode_t;
typedef int64_t time_t;
typedef int clockid_t;

#endif
