/* path.c - turning (dirfd, path) into the absolute, normalized path the
 * root file system takes, and the working directory ("/" at start). ".."
 * at the root stays at the root, as on Linux. */
#include "vfs.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

static char cwd[PATH_MAX] = "/";

/* Appends the components of `path` to the absolute path in out. */
static long append(char *out, const char *path)
{
    size_t len = strlen(out);

    while (*path) {
        const char *end;
        size_t n;

        while (*path == '/')
            path++;
        if (!*path)
            break;
        end = strchr(path, '/');
        n = end ? (size_t)(end - path) : strlen(path);
        if (n == 1 && path[0] == '.') {
            /* stays */
        } else if (n == 2 && path[0] == '.' && path[1] == '.') {
            while (len > 1 && out[len - 1] != '/')
                len--;
            if (len > 1)
                len--;
            out[len] = 0;
        } else {
            if (n > NAME_MAX)
                return -ENAMETOOLONG;
            if (len + 1 + n + 1 > PATH_MAX)
                return -ENAMETOOLONG;
            if (len > 1)
                out[len++] = '/';
            memcpy(out + len, path, n);
            len += n;
            out[len] = 0;
        }
        path += n;
    }
    return 0;
}

long path_resolve(long dirfd, const char *path, char *out)
{
    if (!path)
        return -EFAULT;
    if (!*path)
        return -ENOENT;
    if (path[0] == '/') {
        strcpy(out, "/");
    } else if (dirfd == AT_FDCWD) {
        strcpy(out, cwd);
    } else {
        struct file *f = fd_file(dirfd);
        if (!f)
            return -EBADF;
        if (!f->path)
            return -ENOTDIR;
        strcpy(out, f->path);
    }
    return append(out, path);
}

long path_getcwd(char *buf, size_t size)
{
    size_t n = strlen(cwd) + 1;

    if (size < n)
        return -ERANGE;
    memcpy(buf, cwd, n);
    return (long)n;
}

long path_chdir(const char *abs)
{
    struct stat st;
    long r = vfs_root->stat(abs, &st);

    if (r < 0)
        return r;
    if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    strcpy(cwd, abs);
    return 0;
}
