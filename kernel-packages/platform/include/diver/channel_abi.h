/* channel_abi.h - the pipeline channel ABI, version 1 (docs/channel-abi.md).
 *
 * A channel is a single-producer/single-consumer byte ring in guest RAM.
 * The kernel owns the memory and publishes each ring's page-aligned header
 * (magic + the nonce the launcher put on the command line); the launcher
 * finds it by scanning page boundaries, as for the forwarding ring. The
 * writer only ever stores head and closed, the reader only tail, each on
 * its own cache line. Counters grow monotonically (never wrap in practice:
 * 2^64 bytes), so full/empty need no spare slot. Little-endian. */
#ifndef DIVER_CHANNEL_ABI_H
#define DIVER_CHANNEL_ABI_H

#include <stdint.h>

#define CHAN_MAGIC 0x3148435245564944ull /* "DIVERCH1" */
#define CHAN_VERSION 1u

/* header.direction: who writes. */
#define CHAN_INTO_GUEST 0u  /* the app's stdin: the host writes, the guest reads */
#define CHAN_OUT_OF_GUEST 1u /* the app's stdout: the guest writes, the host reads */

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
};

#endif
