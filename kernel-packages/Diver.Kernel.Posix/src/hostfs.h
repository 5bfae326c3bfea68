/* hostfs.h - SplitVM mode's root: every path and file call forwarded to the
 * host through the platform's forwarding ring (docs/forwarding-abi.md),
 * confined by the proxy to the sandbox folder, which the program sees as "/". */
#ifndef POSIX_HOSTFS_H
#define POSIX_HOSTFS_H

#include "vfs.h"

extern const struct fs_ops hostfs_ops;

#endif
