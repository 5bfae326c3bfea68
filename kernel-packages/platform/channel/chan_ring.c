/* chan_ring.c - one single-producer/single-consumer byte ring.
 *
 * Data is copied in the largest contiguous pieces the ring allows (at most
 * two per call round), and the counter is published once per piece, so a
 * large write costs a memcpy and a handful of cache-line transfers, not
 * per-byte work. Memory order (docs/channel-abi.md): the writer copies data,
 * then stores head with release; the reader loads head with acquire, copies,
 * then stores tail with release; the writer loads tail with acquire before
 * reusing space. closed is stored with release after the last head. */
#include <diver/channel.h>
#include <platform/arch.h>
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
    __atomic_store_n(&h->magic, CHAN_MAGIC, __ATOMIC_RELEASE);
}

void chan_ring_write(struct chan_header *h, const void *p, size_t n)
{
    const uint8_t *src = p;
    uint64_t head = h->head; /* only this side stores it */
    uint64_t mask = h->size - 1;

    while (n > 0) {
        uint64_t room = h->size - (head - __atomic_load_n(&h->tail, __ATOMIC_ACQUIRE));
        uint64_t at = head & mask, piece;

        if (room == 0) {
            cpu_relax(); /* the reader is behind: flow control */
            continue;
        }
        piece = room < n ? room : n;
        if (piece > h->size - at)
            piece = h->size - at; /* up to the wrap; the rest next round */
        memcpy(data_of(h) + at, src, piece);
        head += piece;
        src += piece;
        n -= piece;
        __atomic_store_n(&h->head, head, __ATOMIC_RELEASE);
    }
}

size_t chan_ring_read(struct chan_header *h, void *p, size_t n)
{
    uint64_t tail = h->tail; /* only this side stores it */
    uint64_t mask = h->size - 1;
    uint64_t head, at, piece;

    for (;;) {
        head = __atomic_load_n(&h->head, __ATOMIC_ACQUIRE);
        if (head != tail || n == 0)
            break;
        /* closed is read before head again: a writer stores head, then closed. */
        if (__atomic_load_n(&h->closed, __ATOMIC_ACQUIRE) &&
            __atomic_load_n(&h->head, __ATOMIC_ACQUIRE) == tail)
            return 0;
        cpu_relax();
    }
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
