/* vfs.h - open files, descriptors and the file system mounted at "/".
 *
 * A descriptor names a struct file: an offset, open flags and the ops of
 * what it is (console, RAM file, RAM directory, pipe, forwarded host file).
 * Path calls go to the one root file system: the RAM file system in VM mode,
 * the host (forwarded) in SplitVM mode. Paths reach it absolute and
 * normalized ("/a/b", never "." or ".."). Every op returns >= 0 or -errno. */
#ifndef POSIX_VFS_H
#define POSIX_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

struct file;

struct file_ops {
    long (*read)(struct file *f, void *buf, size_t n, uint64_t off);
    long (*write)(struct file *f, const void *buf, size_t n, uint64_t off);
    long (*stat)(struct file *f, struct stat *st);
    long (*truncate)(struct file *f, uint64_t size);
    /* Fills linux_dirent64 records from the cursor f->offset on. */
    long (*getdents)(struct file *f, void *buf, size_t n);
    long (*sync)(struct file *f);
    void (*release)(struct file *f);
    int stream; /* no offset: reads and writes ignore it (console, pipes) */
};

struct file {
    const struct file_ops *ops;
    void *priv;
    uint64_t offset;
    int flags;     /* O_ACCMODE | O_APPEND | O_NONBLOCK as opened */
    int refs;      /* descriptors naming it (dup shares the offset) */
    char *path;    /* absolute path, for *at() calls relative to a directory */
};

struct fs_ops {
    const char *name;
    long (*open)(const char *path, int flags, int mode, struct file **out);
    long (*stat)(const char *path, struct stat *st);
    long (*mkdir)(const char *path, int mode);
    long (*unlink)(const char *path);
    long (*rmdir)(const char *path);
    long (*rename)(const char *from, const char *to);
    long (*chmod)(const char *path, int mode);
    long (*utimens)(const char *path, const struct timespec times[2]);
};

/* The root file system; set once at boot (ramfs, or the host's in SplitVM). */
extern const struct fs_ops *vfs_root;

/* Files and descriptors (fd.c). */
struct file *file_new(const struct file_ops *ops, void *priv, int flags);
void file_put(struct file *f);
int fd_install(struct file *f, int min_fd, int cloexec); /* takes the caller's reference */
struct file *fd_file(long fd);                           /* borrowed; 0 if not open */
long fd_close(long fd);
/* newfd >= 0: dup2/dup3; newfd < 0: the lowest free at or above -newfd - 1 (dup, F_DUPFD). */
long fd_dup(long oldfd, long newfd, int cloexec);
int fd_cloexec(long fd, int set);                        /* set < 0: query */

/* Paths (path.c): dirfd + path -> normalized absolute path in out (PATH_MAX). */
long path_resolve(long dirfd, const char *path, char *out);
long path_getcwd(char *buf, size_t size);
long path_chdir(const char *abs);

/* getdents64: appends one record at buf + used; the new fill, or 0 when it does not fit. */
size_t dirent_put(void *buf, size_t len, size_t used, uint64_t ino, int64_t next, unsigned char type,
                  const char *name);

/* Time stamps for new and changed files. */
struct timespec vfs_now(void);

#endif
