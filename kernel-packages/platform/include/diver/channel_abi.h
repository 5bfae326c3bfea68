/* channel_abi.h - the pipeline channel ABI, version 1 (docs/channel-abi.md).
 *
 * A channel is a single-producer/single-consumer byte ring in guest RAM.
 * The kernel owns the memory and publishes each ring's page-aligned header
 * (magic + the nonce the launcher put on the command line); the launcher
 * finds it by scanning page boundaries, as for the forwarding ring. The
 * writer only ever stores head and closed, the reader only tail, each on
 * its own cache line. Counters grow monotonically (never wrap in practice:
 * 2^64 bytes), so full/empty need no spare slot. Little-endian.
 *
 * Loans (lines 3 and 4): a host that says it serves them (loans = 1) copies
 * a large write straight out of the app's buffer, or a read straight into
 * it, so the guest copies nothing; under TCG a guest copy is the slow part
 * of a stream. Lines 3 and 4 are zero in a header that predates them, so
 * old hosts and old kernels simply never lend. */
#ifndef DIVER_CHANNEL_ABI_H
#define DIVER_CHANNEL_ABI_H

#include <stdint.h>

#define CHAN_MAGIC 0x3148435245564944ull /* "DIVERCH1" */
#define CHAN_VERSION 1u

/* header.direction: who writes. */
#define CHAN_INTO_GUEST 0u  /* the app's stdin: the host writes, the guest reads */
#define CHAN_OUT_OF_GUEST 1u /* the app's stdout: the guest writes, the host reads */

/* A guest lends writes of at least this many bytes; a reader that lends at
 * least this much is one the host may wait for rather than fill its ring
 * (docs/channel-abi.md, "Loans"). */
#define CHAN_LOAN_MIN (64u * 1024u)

struct chan_header {
    /* Line 0: fixed after publication. */
    uint64_t magic;      /* CHAN_MAGIC, stored last (release) by the kernel */
    uint64_t nonce;      /* from diver.chin= / diver.chout= */
    uint32_t version;    /* CHAN_VERSION */
    uint32_t direction;  /* CHAN_INTO_GUEST / CHAN_OUT_OF_GUEST */
    uint64_t data_addr;  /* guest-physical address of the data area */
    uint64_t size;       /* bytes in the data area, a power of two */
    uint8_t pad0[24];
    /* Line 1: the writer's. */
    uint64_t head;       /* bytes ever written; stored with release after the data */
    uint32_t closed;     /* 1: no byte will follow head; stored with release after the last head */
    uint8_t pad1[52];
    /* Line 2: the reader's. */
    uint64_t tail;       /* bytes ever read; stored with release after the data was copied out */
    uint8_t pad2[56];
    /* Line 3: the guest's loan. */
    uint64_t loan_addr;     /* guest-physical address of the app's buffer */
    uint64_t loan_len;      /* its length */
    uint64_t loan_posted;   /* loans ever posted; stored with release after addr and len */
    uint8_t pad3[40];
    /* Line 4: the host's side of loans. */
    uint32_t loans;         /* 1: the host serves loans on this ring (set once, before any is posted) */
    uint32_t pad4a;
    uint64_t loan_answered; /* loans ever answered; stored with release after the copy and loan_moved */
    uint64_t loan_moved;    /* bytes the host moved for the last answered loan; 0 on a read: read the ring */
    uint8_t pad4[40];
};

#endif
