/* file_dir.c - opendir/readdir over one forwarded listing.
 *
 * The proxy returns every name of the directory in one reply (names, each
 * NUL-terminated), so a listing costs one round trip; a directory whose
 * names do not fit in LIST_MAX bytes fails with ENOMEM. */
#include <diver/forward.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX (64 * 1024)

struct __diver_dir {
    size_t len, pos;
    struct dirent entry;
    char names[LIST_MAX];
};

DIR *opendir(const char *path)
{
    DIR *d = malloc(sizeof *d);
    int64_t r;

    if (!d) {
        errno = ENOMEM;
        return 0;
    }
    r = fwd_listdir(path, d->names, sizeof d->names);
    if (r < 0) {
        free(d);
        errno = (int)-r;
        return 0;
    }
    d->len = (size_t)r;
    d->pos = 0;
    return d;
}

struct dirent *readdir(DIR *d)
{
    size_t n;

    if (d->pos >= d->len)
        return 0;
    n = strnlen(d->names + d->pos, d->len - d->pos);
    if (n >= sizeof d->entry.d_name)
        n = sizeof d->entry.d_name - 1;
    memcpy(d->entry.d_name, d->names + d->pos, n);
    d->entry.d_name[n] = '\0';
    d->pos += strnlen(d->names + d->pos, d->len - d->pos) + 1;
    return &d->entry;
}

int closedir(DIR *d)
{
    free(d);
    return 0;
}
