/* chan_ring.c - one single-producer/single-consumer byte ring.
 *
 * Data is copied in the largest contiguous pieces the ring allows (at most
 * two per call round), and the counter is published once per piece, so a
 * large write costs a memcpy and a handful of cache-line transfers, not
 * per-byte work. Memory order (docs/channel-abi.md): the writer copies data,
 * then stores head with release; the reader loads head with acquire, copies,
 * then stores tail with release; the writer loads tail with acquire before
 * reusing space. closed is stored with release after the last head.
 * Waiting for the other side is chan_wait.c's.
 *
 * Loans: where the host serves them, a reader that finds the ring empty
 * lends its buffer instead of waiting for ring bytes, and chan_std lends
 * large writes; the host then copies between the app's buffer and the
 * other end itself (docs/channel-abi.md, "Loans"). */
#include "chan_wait.h"
#include <diver/channel.h>
#include <string.h>

static uint8_t *data_of(struct chan_header *h) { return (uint8_t *)(uintptr_t)h->data_addr; }

void chan_ring_publish(struct chan_header *h, void *data, uint64_t size, uint64_t nonce, uint32_t direction)
{
    h->nonce = nonce;
    h->version = CHAN_VERSION;
    h->direction = direction;
    h->data_addr = (uint64_t)(uintptr_t)data;
    h->size = size;
    h->head = 0;
    h->closed = 0;
    h->tail = 0;
    h->loan_addr = h->loan_len = h->loan_posted = 0;
    h->loans = 0;
    h->loan_answered = h->loan_moved = 0;
    __atomic_store_n(&h->magic, CHAN_MAGIC, __ATOMIC_RELEASE);
}

uint64_t chan_ring_room(const struct chan_header *h)
{
    /* head: relaxed, as a writer waiting outside chan_std's lock reads it
     * while the writer holding the lock stores it. */
    return h->size - (__atomic_load_n(&h->head, __ATOMIC_RELAXED) - __atomic_load_n(&h->tail, __ATOMIC_ACQUIRE));
}

/* A writer that finds too little room waits for a quarter of the ring (or
 * for want, if more), not just for want: a reader that frees a line at a
 * time would otherwise wake it for every line, and a waiting vCPU's every
 * wake-up costs a host core under TCG. The reader has three quarters of a
 * ring to read meanwhile, so it does not run dry for this. */
void chan_ring_wait_room(const struct chan_header *h, size_t want)
{
    struct chan_wait w = CHAN_WAIT_INIT;
    uint64_t enough = h->size / 4 > want ? h->size / 4 : want;

    if (chan_ring_room(h) >= want)
        return;
    while (chan_ring_room(h) < enough)
        chan_wait_turn(&w); /* the reader is behind: flow control */
    chan_wait_done(&w);
}

size_t chan_ring_put(struct chan_header *h, const void *p, size_t n)
{
    const uint8_t *src = p;
    uint64_t head = h->head; /* only this side stores it */
    uint64_t mask = h->size - 1;
    size_t done = 0;

    while (done < n) {
        uint64_t room = chan_ring_room(h), at = head & mask, piece;

        if (room == 0)
            break;
        piece = room < n - done ? room : n - done;
        if (piece > h->size - at)
            piece = h->size - at; /* up to the wrap; the rest next round */
        memcpy(data_of(h) + at, src + done, piece);
        head += piece;
        done += piece;
        __atomic_store_n(&h->head, head, __ATOMIC_RELEASE);
    }
    return done;
}

void chan_ring_write(struct chan_header *h, const void *p, size_t n)
{
    const uint8_t *src = p;

    while (n > 0) {
        size_t put;

        chan_ring_wait_room(h, 1);
        put = chan_ring_put(h, src, n);
        src += put;
        n -= put;
    }
}

size_t chan_ring_read(struct chan_header *h, void *p, size_t n)
{
    uint64_t tail = h->tail; /* only this side stores it */
    uint64_t mask = h->size - 1;
    uint64_t head, at, piece;
    struct chan_wait w = CHAN_WAIT_INIT;

    for (;;) {
        head = __atomic_load_n(&h->head, __ATOMIC_ACQUIRE);
        if (head != tail || n == 0)
            break;
        /* closed is read before head again: a writer stores head, then closed. */
        if (__atomic_load_n(&h->closed, __ATOMIC_ACQUIRE) &&
            __atomic_load_n(&h->head, __ATOMIC_ACQUIRE) == tail)
            return 0;
        if (chan_ring_lends(h)) {
            /* The ring is empty: the host copies the next bytes straight into p.
             * 0: it had put bytes in the ring meanwhile, or closed it: look again. */
            size_t moved;

            chan_ring_post_loan(h, p, n);
            moved = chan_ring_wait_loan(h);
            if (moved > 0)
                return moved > n ? n : moved;
            continue;
        }
        chan_wait_turn(&w); /* the writer is behind */
    }
    chan_wait_done(&w);
    at = tail & mask;
    piece = head - tail;
    if (piece > n)
        piece = n;
    if (piece > h->size - at)
        piece = h->size - at;
    memcpy(p, data_of(h) + at, piece);
    __atomic_store_n(&h->tail, tail + piece, __ATOMIC_RELEASE);
    return piece;
}

void chan_ring_close(struct chan_header *h) { __atomic_store_n(&h->closed, 1, __ATOMIC_RELEASE); }

int chan_ring_lends(const struct chan_header *h) { return __atomic_load_n(&h->loans, __ATOMIC_ACQUIRE) != 0; }

void chan_ring_post_loan(struct chan_header *h, const void *p, size_t n)
{
    h->loan_addr = (uint64_t)(uintptr_t)p; /* identity-mapped: a pointer is guest-physical */
    h->loan_len = n;
    __atomic_store_n(&h->loan_posted, h->loan_posted + 1, __ATOMIC_RELEASE);
}

size_t chan_ring_wait_loan(struct chan_header *h)
{
    struct chan_wait w = CHAN_WAIT_INIT;
    uint64_t posted = h->loan_posted; /* only this side stores it */

    while (__atomic_load_n(&h->loan_answered, __ATOMIC_ACQUIRE) != posted)
        chan_wait_turn(&w); /* the host copies, or waits for the other end */
    chan_wait_done(&w);
    return (size_t)h->loan_moved;
}
