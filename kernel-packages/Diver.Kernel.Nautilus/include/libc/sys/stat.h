/* sys/stat.h - file status and mkdir (forwarded under SplitVM). */
#ifndef _DIVER_SYS_STAT_H
#define _DIVER_SYS_STAT_H

#include <sys/types.h>
#include <time.h>

#define S_IFMT   0170000
#define S_IFDIR  0040000
#define S_IFREG  0100000
#define S_IFLNK  0120000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

struct stat {
    off_t st_size;
    mode_t st_mode;
    struct timespec st_mtim;
};

int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif
