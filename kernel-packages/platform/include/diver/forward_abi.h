/* forward_abi.h - the SplitVM forwarding ABI, version 1 (docs/forwarding-abi.md).
 *
 * The kernel and the host-side proxy share guest RAM. The kernel publishes
 * one page-aligned header (magic + the nonce the launcher put on the command
 * line as diver.fwd=<hex>); the proxy finds it by scanning page boundaries.
 * Requests live in a ring of fixed slots right after the header; pointers
 * in a request are guest-physical addresses (the platform identity-maps
 * RAM, so a C pointer is one). Every field is little-endian. */
#ifndef DIVER_FORWARD_ABI_H
#define DIVER_FORWARD_ABI_H

#include <stdint.h>

#define FWD_MAGIC 0x3144574652564944ull /* "DIVERFW1" */
#define FWD_VERSION 1u
#define FWD_SLOTS 64u /* power of two */
#define FWD_PATH_MAX 4096u

/* slot.state: who owns the slot. Only the owner writes anything else. */
#define FWD_FREE 0u     /* guest may fill it */
#define FWD_POSTED 1u   /* request ready; the proxy owns it */
#define FWD_DONE 2u     /* response ready; the guest owns it */

enum fwd_op {
    FWD_NOP = 0,           /* -> 0; the null call */
    FWD_OPEN = 1,          /* path, path_len, flags, mode -> fd */
    FWD_READ = 2,          /* fd, buf, len -> bytes */
    FWD_WRITE = 3,         /* fd, buf, len -> bytes */
    FWD_CLOSE = 4,         /* fd -> 0 */
    FWD_LSEEK = 5,         /* fd, offset, whence -> new offset */
    FWD_FSTAT = 6,         /* fd, struct fwd_stat * -> 0 */
    FWD_UNLINK = 7,        /* path, path_len -> 0 */
    FWD_MKDIR = 8,         /* path, path_len, mode -> 0 */
    FWD_RENAME = 9,        /* old, old_len, new, new_len -> 0 */
    FWD_GETCWD = 10,       /* buf, len -> length including the NUL */
    FWD_CLOCK_GETTIME = 11,/* clock id, struct fwd_timespec * -> 0 */
    FWD_RMDIR = 12,        /* path, path_len -> 0 */
    FWD_LISTDIR = 13,      /* path, path_len, buf, len -> bytes: names, each NUL-terminated */
    /* Added for the Posix kernel's forwarded files (same version: an older
     * proxy answers -ENOSYS). */
    FWD_PREAD = 14,        /* fd, buf, len, offset -> bytes (the fd's offset is untouched) */
    FWD_PWRITE = 15,       /* fd, buf, len, offset -> bytes */
    FWD_FTRUNCATE = 16,    /* fd, size -> 0 */
    FWD_FSYNC = 17,        /* fd -> 0 */
    FWD_STAT = 18,         /* path, path_len, struct fwd_stat * -> 0 */
    FWD_CHMOD = 19,        /* path, path_len, mode -> 0 */
    FWD_UTIMENS = 20,      /* path, path_len, struct fwd_timespec[2] * (atime, mtime) -> 0 */
    FWD_OP_COUNT
};

/* One request and its response: 64 bytes, one cache line. */
struct fwd_slot {
    uint32_t state;    /* FWD_FREE / FWD_POSTED / FWD_DONE */
    uint32_t op;       /* enum fwd_op */
    uint64_t ticket;   /* the ring position it was posted at */
    uint64_t arg[4];
    int64_t result;    /* >= 0 success, < 0 a negated Linux errno */
    uint64_t reserved;
};

/* The header page. The slots follow it at header + 4096. */
struct fwd_header {
    uint64_t magic;      /* FWD_MAGIC, written last by the kernel */
    uint64_t nonce;      /* from diver.fwd=<hex> */
    uint32_t version;    /* FWD_VERSION */
    uint32_t slot_count; /* FWD_SLOTS */
    uint32_t slot_size;  /* sizeof(struct fwd_slot) */
    uint32_t flags;      /* 0 */
    uint64_t slots_addr; /* guest-physical address of slot 0 */
    uint64_t next_ticket;/* guest side: next position to post at */
    uint64_t proxy_seen; /* proxy side: requests served so far (diagnostics) */
};

struct fwd_stat {
    uint64_t size;
    uint32_t mode;  /* Linux st_mode bits */
    uint32_t reserved;
    int64_t mtime_sec;
    int64_t mtime_nsec;
};

struct fwd_timespec {
    int64_t sec;
    int64_t nsec;
};

#endif
