/* ramfs.h - the RAM file system (VM mode's root), seeded from the
 * project's GuestFile items, which the build links into the image. */
#ifndef POSIX_RAMFS_H
#define POSIX_RAMFS_H

#include "vfs.h"

/* One packed file, as Diver.Build.targets writes the table (guest_files.S). */
struct guest_file {
    const char *path; /* absolute: "/data/in.txt" */
    const void *data;
    uint64_t size;
};

struct guest_file_table {
    uint64_t count;
    struct guest_file files[];
};

extern const struct fs_ops ramfs_ops;

/* Creates "/" and every packed file (and its folders); 0 or -errno. */
long ramfs_init(const struct guest_file_table *seed);

#endif
