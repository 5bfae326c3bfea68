/* dirent.c - the linux_dirent64 records getdents64 returns, for every file
 * system: 8-byte aligned, d_off the cursor that resumes after the record. */
#include "vfs.h"
#include <string.h>

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

size_t dirent_put(void *buf, size_t len, size_t used, uint64_t ino, int64_t next, unsigned char type,
                  const char *name)
{
    size_t reclen = (sizeof(struct linux_dirent64) + strlen(name) + 1 + 7) & ~(size_t)7;
    struct linux_dirent64 *d = (struct linux_dirent64 *)((char *)buf + used);

    if (used + reclen > len)
        return 0;
    d->d_ino = ino;
    d->d_off = next;
    d->d_reclen = (unsigned short)reclen;
    d->d_type = type;
    strcpy(d->d_name, name);
    return used + reclen;
}
