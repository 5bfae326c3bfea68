/* ramfs.c - files and folders in RAM. A packed file's bytes stay where the
 * image has them until the program first writes it (then they are copied
 * into pages of its own), so reading data costs no copy and no memory.
 * Everything is gone when the VM stops. One lock guards the whole tree. */
#include "kalloc.h"
#include "pages.h"
#include "ramfs.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <platform/spinlock.h>
#include <string.h>

struct rnode {
    char *name;
    struct rnode *parent, *children, *next;
    mode_t mode;
    ino_t ino;
    int linked;       /* still in the tree (0 after unlink while open) */
    unsigned opens;
    char *data;       /* own copy, capacity `pages` pages */
    size_t pages;
    const char *seed; /* the image's bytes, until the first write */
    uint64_t size;
    struct timespec atime, mtime, ctime;
};

static struct rnode *root;
static ino_t next_ino = 1;
static struct spinlock lock = SPINLOCK_INIT("ramfs");

static struct rnode *node_new(struct rnode *parent, const char *name, mode_t mode)
{
    struct rnode *n = kalloc(sizeof *n);

    if (!n)
        return 0;
    n->name = kstrdup(name);
    if (!n->name) {
        kfree(n, sizeof *n);
        return 0;
    }
    n->mode = mode;
    n->ino = next_ino++;
    n->linked = 1;
    n->atime = n->mtime = n->ctime = vfs_now();
    n->parent = parent ? parent : n;
    if (parent) {
        n->next = parent->children;
        parent->children = n;
        parent->mtime = n->mtime;
    }
    return n;
}

static void node_free(struct rnode *n)
{
    if (n->data)
        pages_free((uintptr_t)n->data, n->pages);
    kfree_str(n->name);
    kfree(n, sizeof *n);
}

static void node_unlink(struct rnode *n)
{
    struct rnode **p = &n->parent->children;

    while (*p != n)
        p = &(*p)->next;
    *p = n->next;
    n->parent->mtime = vfs_now();
    n->linked = 0;
    if (!n->opens)
        node_free(n);
}

static struct rnode *child(struct rnode *dir, const char *name, size_t len)
{
    struct rnode *c;

    for (c = dir->children; c; c = c->next)
        if (strlen(c->name) == len && memcmp(c->name, name, len) == 0)
            return c;
    return 0;
}

/* Walks an absolute normalized path; *err says why it stopped short. */
static struct rnode *lookup(const char *path, long *err)
{
    struct rnode *n = root;

    while (*path == '/')
        path++;
    while (*path) {
        const char *end = strchr(path, '/');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        if (!S_ISDIR(n->mode)) {
            *err = -ENOTDIR;
            return 0;
        }
        n = child(n, path, len);
        if (!n) {
            *err = -ENOENT;
            return 0;
        }
        path += len;
        while (*path == '/')
            path++;
    }
    return n;
}

/* The folder that holds `path` and the last component's name. */
static struct rnode *lookup_parent(const char *path, const char **leaf, long *err)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    struct rnode *p;

    if (!slash || slash[1] == 0) { /* "/" itself */
        *err = -EEXIST;
        return 0;
    }
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash == path ? 1 : slash - path] = 0;
    if (slash == path)
        dir[0] = '/';
    p = lookup(dir, err);
    if (p && !S_ISDIR(p->mode)) {
        *err = -ENOTDIR;
        return 0;
    }
    *leaf = slash + 1;
    return p;
}

static const char *bytes_of(const struct rnode *n) { return n->data ? n->data : n->seed; }

/* Makes the node's bytes its own, with room for `size` bytes. */
static long reserve(struct rnode *n, uint64_t size)
{
    size_t need = (size + PAGE_SIZE - 1) / PAGE_SIZE, grown;
    char *d;

    if (n->data && need <= n->pages)
        return 0;
    if (!n->data && need == 0)
        need = 1;
    grown = n->pages * 2 > need ? n->pages * 2 : need;
    d = (char *)pages_alloc(grown);
    if (!d && grown > need)
        d = (char *)pages_alloc(grown = need);
    if (!d)
        return -ENOSPC;
    if (bytes_of(n))
        memcpy(d, bytes_of(n), n->size);
    if (n->data)
        pages_free((uintptr_t)n->data, n->pages);
    n->data = d;
    n->pages = grown;
    n->seed = 0;
    return 0;
}

static long set_size(struct rnode *n, uint64_t size)
{
    if (size > n->size) {
        long r = reserve(n, size);
        if (r < 0)
            return r;
        memset(n->data + n->size, 0, size - n->size);
    } else if (size < n->size && !n->data) {
        /* Shrinking a packed file needs no copy: it reads a shorter prefix. */
    }
    n->size = size;
    n->mtime = n->ctime = vfs_now();
    return 0;
}

static void fill_stat(const struct rnode *n, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = 1;
    st->st_ino = n->ino;
    st->st_mode = n->mode;
    st->st_nlink = S_ISDIR(n->mode) ? 2 : (n->linked ? 1 : 0);
    st->st_size = S_ISDIR(n->mode) ? 4096 : (off_t)n->size;
    st->st_blksize = PAGE_SIZE;
    st->st_blocks = (blkcnt_t)((n->size + 511) / 512);
    st->st_atim = n->atime;
    st->st_mtim = n->mtime;
    st->st_ctim = n->ctime;
}

/* ---- open files ---- */

static long rf_read(struct file *f, void *buf, size_t len, uint64_t off)
{
    struct rnode *n = f->priv;
    size_t got = 0;

    spin_lock(&lock);
    if (off < n->size) {
        got = n->size - off < len ? (size_t)(n->size - off) : len;
        memcpy(buf, bytes_of(n) + off, got);
    }
    spin_unlock(&lock);
    return (long)got;
}

static long rf_write(struct file *f, const void *buf, size_t len, uint64_t off)
{
    struct rnode *n = f->priv;
    long r = 0;

    spin_lock(&lock);
    if (f->flags & O_APPEND)
        off = n->size;
    if (len && (r = reserve(n, off + len)) == 0) {
        if (off > n->size)
            memset(n->data + n->size, 0, off - n->size);
        memcpy(n->data + off, buf, len);
        if (off + len > n->size)
            n->size = off + len;
        n->mtime = n->ctime = vfs_now();
        if (f->flags & O_APPEND)
            f->offset = n->size - len; /* the caller adds len */
    }
    spin_unlock(&lock);
    return r < 0 ? r : (long)len;
}

static long rf_stat(struct file *f, struct stat *st)
{
    spin_lock(&lock);
    fill_stat(f->priv, st);
    spin_unlock(&lock);
    return 0;
}

static long rf_truncate(struct file *f, uint64_t size)
{
    long r;

    spin_lock(&lock);
    r = set_size(f->priv, size);
    spin_unlock(&lock);
    return r;
}

static long rf_sync(struct file *f)
{
    (void)f;
    return 0;
}

static void rf_release(struct file *f)
{
    struct rnode *n = f->priv;

    spin_lock(&lock);
    if (--n->opens == 0 && !n->linked)
        node_free(n);
    spin_unlock(&lock);
}

/* Cursor: 0 is ".", 1 is "..", 2 + i the i-th child. */
static long rd_getdents(struct file *f, void *buf, size_t len)
{
    struct rnode *dir = f->priv, *c;
    size_t used = 0;
    uint64_t i;

    spin_lock(&lock);
    for (i = f->offset;; i++) {
        const char *name;
        ino_t ino;
        unsigned char type = DT_DIR;
        if (i == 0) {
            name = ".", ino = dir->ino;
        } else if (i == 1) {
            name = "..", ino = dir->parent->ino;
        } else {
            uint64_t k = i - 2;
            for (c = dir->children; c && k; c = c->next)
                k--;
            if (!c)
                break;
            name = c->name, ino = c->ino;
            type = S_ISDIR(c->mode) ? DT_DIR : DT_REG;
        }
        size_t filled = dirent_put(buf, len, used, ino, (int64_t)(i + 1), type, name);
        if (!filled)
            break;
        used = filled;
    }
    spin_unlock(&lock);
    if (used == 0 && i != f->offset)
        return -EINVAL; /* a record larger than the buffer */
    f->offset = i;
    return (long)used;
}

static long rd_read(struct file *f, void *buf, size_t len, uint64_t off)
{
    (void)f, (void)buf, (void)len, (void)off;
    return -EISDIR;
}

static const struct file_ops ramfs_file_ops = {
    .read = rf_read, .write = rf_write, .stat = rf_stat, .truncate = rf_truncate,
    .sync = rf_sync, .release = rf_release,
};

static const struct file_ops ramfs_dir_ops = {
    .read = rd_read, .stat = rf_stat, .getdents = rd_getdents, .sync = rf_sync, .release = rf_release,
};

/* ---- path operations ---- */

static long create(const char *path, mode_t mode, struct rnode **out)
{
    const char *leaf;
    long err = 0;
    struct rnode *dir = lookup_parent(path, &leaf, &err), *n;

    if (!dir)
        return err;
    if (child(dir, leaf, strlen(leaf)))
        return -EEXIST;
    n = node_new(dir, leaf, mode);
    if (!n)
        return -ENOSPC;
    *out = n;
    return 0;
}

static long ramfs_open(const char *path, int flags, int mode, struct file **out)
{
    long err = 0;
    struct rnode *n;
    struct file *f;
    int acc = flags & O_ACCMODE;

    spin_lock(&lock);
    n = lookup(path, &err);
    if (!n && err == -ENOENT && (flags & O_CREAT)) {
        err = create(path, S_IFREG | (mode & 07777 & ~022), &n);
    } else if (n && (flags & O_CREAT) && (flags & O_EXCL)) {
        n = 0, err = -EEXIST;
    }
    if (n && S_ISDIR(n->mode) && acc != O_RDONLY)
        n = 0, err = -EISDIR;
    if (n && !S_ISDIR(n->mode) && (flags & O_DIRECTORY))
        n = 0, err = -ENOTDIR;
    if (n && !S_ISDIR(n->mode) && (flags & O_TRUNC) && acc != O_RDONLY)
        err = set_size(n, 0);
    if (n && err == 0)
        n->opens++;
    spin_unlock(&lock);
    if (!n || err < 0)
        return err ? err : -ENOENT;
    f = file_new(S_ISDIR(n->mode) ? &ramfs_dir_ops : &ramfs_file_ops, n, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    if (!f || !(f->path = kstrdup(path))) {
        if (f)
            f->ops = &ramfs_file_ops, file_put(f);
        return -ENOMEM;
    }
    *out = f;
    return 0;
}

static long ramfs_stat(const char *path, struct stat *st)
{
    long err = 0;
    struct rnode *n;

    spin_lock(&lock);
    n = lookup(path, &err);
    if (n)
        fill_stat(n, st);
    spin_unlock(&lock);
    return n ? 0 : err;
}

static long ramfs_mkdir(const char *path, int mode)
{
    struct rnode *n;
    long r;

    spin_lock(&lock);
    r = create(path, S_IFDIR | (mode & 07777 & ~022), &n);
    spin_unlock(&lock);
    return r;
}

static long remove_node(const char *path, int want_dir)
{
    long err = 0;
    struct rnode *n;

    spin_lock(&lock);
    n = lookup(path, &err);
    if (n == root)
        n = 0, err = -EBUSY;
    else if (n && want_dir && !S_ISDIR(n->mode))
        n = 0, err = -ENOTDIR;
    else if (n && !want_dir && S_ISDIR(n->mode))
        n = 0, err = -EISDIR;
    else if (n && want_dir && n->children)
        n = 0, err = -ENOTEMPTY;
    if (n)
        node_unlink(n);
    spin_unlock(&lock);
    return n ? 0 : err;
}

static long ramfs_unlink(const char *path) { return remove_node(path, 0); }
static long ramfs_rmdir(const char *path) { return remove_node(path, 1); }

static int is_inside(const struct rnode *n, const struct rnode *dir)
{
    for (; n != root; n = n->parent)
        if (n == dir)
            return 1;
    return n == dir;
}

static long ramfs_rename(const char *from, const char *to)
{
    long err = 0;
    const char *leaf;
    struct rnode *n, *dir, *old;
    char *name;

    spin_lock(&lock);
    n = lookup(from, &err);
    dir = n ? lookup_parent(to, &leaf, &err) : 0;
    if (n && dir && n == root)
        dir = 0, err = -EBUSY;
    if (n && dir && S_ISDIR(n->mode) && is_inside(dir, n))
        dir = 0, err = -EINVAL;
    if (n && dir) {
        old = child(dir, leaf, strlen(leaf));
        if (old == n) {
            spin_unlock(&lock);
            return 0;
        }
        if (old && S_ISDIR(old->mode) != S_ISDIR(n->mode))
            err = S_ISDIR(old->mode) ? -EISDIR : -ENOTDIR;
        else if (old && S_ISDIR(old->mode) && old->children)
            err = -ENOTEMPTY;
        else if (!(name = kstrdup(leaf)))
            err = -ENOMEM;
        if (err == 0) {
            if (old)
                node_unlink(old);
            struct rnode **p = &n->parent->children;
            while (*p != n)
                p = &(*p)->next;
            *p = n->next;
            kfree_str(n->name);
            n->name = name;
            n->parent = dir;
            n->next = dir->children;
            dir->children = n;
            n->ctime = dir->mtime = vfs_now();
        }
    }
    spin_unlock(&lock);
    return (n && dir) ? err : (err ? err : -ENOENT);
}

static long ramfs_chmod(const char *path, int mode)
{
    long err = 0;
    struct rnode *n;

    spin_lock(&lock);
    n = lookup(path, &err);
    if (n) {
        n->mode = (n->mode & S_IFMT) | (mode & 07777);
        n->ctime = vfs_now();
    }
    spin_unlock(&lock);
    return n ? 0 : err;
}

static long ramfs_utimens(const char *path, const struct timespec times[2])
{
    long err = 0;
    struct rnode *n;
    struct timespec now = vfs_now();

    spin_lock(&lock);
    n = lookup(path, &err);
    if (n) {
        const struct timespec *t[2] = { times ? &times[0] : &now, times ? &times[1] : &now };
        if (t[0]->tv_nsec != UTIME_OMIT)
            n->atime = t[0]->tv_nsec == UTIME_NOW ? now : *t[0];
        if (t[1]->tv_nsec != UTIME_OMIT)
            n->mtime = t[1]->tv_nsec == UTIME_NOW ? now : *t[1];
        n->ctime = now;
    }
    spin_unlock(&lock);
    return n ? 0 : err;
}

const struct fs_ops ramfs_ops = {
    .name = "ramfs", .open = ramfs_open, .stat = ramfs_stat, .mkdir = ramfs_mkdir,
    .unlink = ramfs_unlink, .rmdir = ramfs_rmdir, .rename = ramfs_rename,
    .chmod = ramfs_chmod, .utimens = ramfs_utimens,
};

/* ---- seeding ---- */

/* Creates every folder on the way to `path` (like mkdir -p of its parent). */
static long make_parents(const char *path)
{
    char partial[PATH_MAX];
    const char *p = path;
    long err;

    while ((p = strchr(p + 1, '/'))) {
        struct rnode *n;
        memcpy(partial, path, (size_t)(p - path));
        partial[p - path] = 0;
        err = 0;
        if (lookup(partial, &err))
            continue;
        if ((err = create(partial, S_IFDIR | 0755, &n)) < 0)
            return err;
    }
    return 0;
}

long ramfs_init(const struct guest_file_table *seed)
{
    uint64_t i;
    long r = 0;

    root = node_new(0, "", S_IFDIR | 0755);
    if (!root)
        return -ENOMEM;
    for (i = 0; seed && i < seed->count && r == 0; i++) {
        struct rnode *n;
        const struct guest_file *g = &seed->files[i];
        if ((r = make_parents(g->path)) < 0 || (r = create(g->path, S_IFREG | 0644, &n)) < 0)
            break;
        n->seed = g->data;
        n->size = g->size;
    }
    return r;
}
