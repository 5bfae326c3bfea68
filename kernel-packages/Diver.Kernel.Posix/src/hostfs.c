/* hostfs.c - files on the host. Reads and writes are positional (pread and
 * pwrite on the host), so the guest keeps each descriptor's offset itself and
 * dup'd descriptors share it exactly as on Linux. A directory's listing is
 * taken once when it is opened; getdents walks that snapshot. */
#include "hostfs.h"
#include "kalloc.h"
#include <diver/forward.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define LISTING_MAX (256u << 10)

struct host_file {
    int fd;
    char *listing; /* directories: names, each NUL-terminated */
    size_t listing_len;
};

static void to_stat(const struct fwd_stat *h, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = 2;
    st->st_mode = h->mode;
    st->st_nlink = 1;
    st->st_size = (off_t)h->size;
    st->st_blksize = 4096;
    st->st_blocks = (blkcnt_t)((h->size + 511) / 512);
    st->st_mtim.tv_sec = h->mtime_sec;
    st->st_mtim.tv_nsec = h->mtime_nsec;
    st->st_atim = st->st_ctim = st->st_mtim;
}

static long hf_read(struct file *f, void *buf, size_t n, uint64_t off)
{
    struct host_file *h = f->priv;
    return h->listing ? -EISDIR : fwd_pread(h->fd, buf, n, off);
}

static long hf_write(struct file *f, const void *buf, size_t n, uint64_t off)
{
    struct host_file *h = f->priv;
    struct fwd_stat st;
    long r;

    if (f->flags & O_APPEND) {
        if ((r = fwd_fstat(h->fd, &st)) < 0)
            return r;
        off = st.size;
        r = fwd_pwrite(h->fd, buf, n, off);
        if (r > 0)
            f->offset = off; /* the caller adds r: the offset ends at the new end */
        return r;
    }
    return fwd_pwrite(h->fd, buf, n, off);
}

static long hf_stat(struct file *f, struct stat *st)
{
    struct host_file *h = f->priv;
    struct fwd_stat hs;
    long r = fwd_fstat(h->fd, &hs);

    if (r == 0)
        to_stat(&hs, st);
    return r;
}

static long hf_truncate(struct file *f, uint64_t size) { return fwd_ftruncate(((struct host_file *)f->priv)->fd, size); }
static long hf_sync(struct file *f) { return fwd_fsync(((struct host_file *)f->priv)->fd); }

static void hf_release(struct file *f)
{
    struct host_file *h = f->priv;

    fwd_close(h->fd);
    if (h->listing)
        kfree(h->listing, LISTING_MAX);
    kfree(h, sizeof *h);
}

/* Cursor: the byte offset of the next name in the listing; "." and ".."
 * come first (the host listing leaves them out). */
static long hf_getdents(struct file *f, void *buf, size_t len)
{
    struct host_file *h = f->priv;
    size_t used = 0;
    uint64_t pos = f->offset;

    if (!h->listing)
        return -ENOTDIR;
    while (pos < h->listing_len + 2) {
        const char *name = pos == 0 ? "." : pos == 1 ? ".." : h->listing + (pos - 2);
        uint64_t next = pos < 2 ? pos + 1 : pos + strlen(name) + 1;
        /* DT_UNKNOWN: the listing has names only; readdir users stat when they need the type. */
        size_t filled = dirent_put(buf, len, used, next, (int64_t)next, DT_UNKNOWN, name);
        if (!filled)
            break;
        used = filled;
        pos = next;
    }
    if (used == 0 && pos < h->listing_len + 2)
        return -EINVAL;
    f->offset = pos;
    return (long)used;
}

static const struct file_ops host_file_ops = {
    .read = hf_read, .write = hf_write, .stat = hf_stat, .truncate = hf_truncate,
    .getdents = hf_getdents, .sync = hf_sync, .release = hf_release,
};

/* The Linux open flags the host call takes; the guest keeps O_APPEND
 * itself (positional writes) and O_CLOEXEC/O_NONBLOCK mean nothing there. */
#define HOST_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_DIRECTORY)

static long host_open(const char *path, int flags, int mode, struct file **out)
{
    struct host_file *h = kalloc(sizeof *h);
    struct fwd_stat st;
    struct file *f;
    long r;

    if (!h)
        return -ENOMEM;
    if ((r = fwd_open(path, flags & HOST_OPEN_FLAGS, mode)) < 0) {
        kfree(h, sizeof *h);
        return r;
    }
    h->fd = (int)r;
    if (fwd_fstat(h->fd, &st) == 0 && S_ISDIR(st.mode)) {
        h->listing = kalloc(LISTING_MAX);
        r = h->listing ? fwd_listdir(path, h->listing, LISTING_MAX) : -ENOMEM;
        if (r < 0) {
            fwd_close(h->fd);
            kfree(h->listing, LISTING_MAX);
            kfree(h, sizeof *h);
            return r;
        }
        h->listing_len = (size_t)r;
    }
    f = file_new(&host_file_ops, h, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    if (!f || !(f->path = kstrdup(path))) {
        if (f)
            file_put(f);
        else
            hf_release(&(struct file){ .priv = h });
        return -ENOMEM;
    }
    *out = f;
    return 0;
}

static long host_stat(const char *path, struct stat *st)
{
    struct fwd_stat hs;
    long r = fwd_stat(path, &hs);

    if (r == 0)
        to_stat(&hs, st);
    return r;
}

static long host_mkdir(const char *path, int mode) { return fwd_mkdir(path, mode); }
static long host_unlink(const char *path) { return fwd_unlink(path); }
static long host_rmdir(const char *path) { return fwd_rmdir(path); }
static long host_rename(const char *from, const char *to) { return fwd_rename(from, to); }
static long host_chmod(const char *path, int mode) { return fwd_chmod(path, mode); }

static long host_utimens(const char *path, const struct timespec times[2])
{
    struct fwd_timespec t[2];

    if (!times)
        return fwd_utimens(path, 0);
    t[0].sec = times[0].tv_sec, t[0].nsec = times[0].tv_nsec;
    t[1].sec = times[1].tv_sec, t[1].nsec = times[1].tv_nsec;
    return fwd_utimens(path, t);
}

const struct fs_ops hostfs_ops = {
    .name = "host", .open = host_open, .stat = host_stat, .mkdir = host_mkdir,
    .unlink = host_unlink, .rmdir = host_rmdir, .rename = host_rename,
    .chmod = host_chmod, .utimens = host_utimens,
};
