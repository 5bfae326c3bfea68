/* chan_std.c - the app's stdin and stdout as channels when the net runs as
 * a streamed pipeline stage (diver.chin= / diver.chout= on the command line).
 *
 * The rings are static and page-aligned, so they exist in every kernel that
 * links the platform without an allocator being up, and the launcher finds
 * them in guest RAM by their magic and this run's nonce. */
#include "chan_wait.h"
#include <diver/channel.h>
#include <platform/kernel_options.h>
#include <platform/spinlock.h>
#include <stdlib.h>

#define PAGE 4096
#define CHAN_DATA (1u << 20) /* per ring; a power of two (the ABI requires it) */
#define CHAN_WHOLE_WRITE 4096

struct ring {
    struct chan_header header;
    uint8_t pad[PAGE - sizeof(struct chan_header)];
    uint8_t data[CHAN_DATA];
};

static struct ring in_ring __attribute__((aligned(PAGE)));
static struct ring out_ring __attribute__((aligned(PAGE)));
static int in_active, out_active, initialized;
/* Several threads may write stdout; the ring has one producer at a time.
 * lending (under out_lock): a write's loan is out, so no other writer may
 * put bytes in the ring, which the host would take before the loan's. */
static struct spinlock out_lock = SPINLOCK_INIT("chan-out");
static int lending;

static uint64_t option_nonce(const char *key)
{
    const char *text = kernel_option(key);
    char *end;
    uint64_t v;

    if (!text)
        return 0;
    v = strtoull(text, &end, 16);
    return (*end == '\0') ? v : 0;
}

static int publish(struct ring *r, const char *key, uint32_t direction)
{
    uint64_t nonce = option_nonce(key);

    if (nonce == 0)
        return 0;
    chan_ring_publish(&r->header, r->data, CHAN_DATA, nonce, direction);
    return 1;
}

void chan_init(void)
{
    if (initialized)
        return;
    initialized = 1;
    in_active = publish(&in_ring, "chin", CHAN_INTO_GUEST);
    out_active = publish(&out_ring, "chout", CHAN_OUT_OF_GUEST);
}

int chan_stdin_active(void) { return in_active; }
int chan_stdout_active(void) { return out_active; }

size_t chan_stdin_read(void *p, size_t n) { return chan_ring_read(&in_ring.header, p, n); }

/* A large write goes out as a loan: the host copies it from the app's
 * buffer itself. Posted under the lock (after every byte put before it),
 * waited for outside it; 0 when another thread's loan is out (the caller
 * then takes the ring, behind that loan). */
static int lend_stdout(const void *p, size_t n)
{
    spin_lock(&out_lock);
    if (lending) {
        spin_unlock(&out_lock);
        return 0;
    }
    lending = 1;
    chan_ring_post_loan(&out_ring.header, p, n);
    spin_unlock(&out_lock);
    chan_ring_wait_loan(&out_ring.header);
    __atomic_store_n(&lending, 0, __ATOMIC_RELEASE);
    return 1;
}

static void wait_while_lending(void)
{
    struct chan_wait w = CHAN_WAIT_INIT;

    while (__atomic_load_n(&lending, __ATOMIC_ACQUIRE))
        chan_wait_turn(&w);
    chan_wait_done(&w);
}

/* Waits outside the lock, where a wait may halt the CPU (never inside a
 * spinlock). Another writer may take the room first, so a put can find
 * none and the loop waits again. A write of up to CHAN_WHOLE_WRITE bytes
 * lands in one piece, as on a Linux pipe (PIPE_BUF); a longer one may be
 * interleaved with other threads' writes. */
void chan_stdout_write(const void *p, size_t n)
{
    const uint8_t *src = p;
    size_t whole = n <= CHAN_WHOLE_WRITE ? n : 1;

    if (n >= CHAN_LOAN_MIN && chan_ring_lends(&out_ring.header) && lend_stdout(p, n))
        return;
    while (n > 0) {
        size_t put = 0;

        chan_ring_wait_room(&out_ring.header, whole);
        wait_while_lending();
        spin_lock(&out_lock);
        if (!lending && chan_ring_room(&out_ring.header) >= whole)
            put = chan_ring_put(&out_ring.header, src, n);
        spin_unlock(&out_lock);
        src += put;
        n -= put;
    }
}

/* No lock: exit may come from a CPU that holds it (a panic); the host drains
 * whatever head says, and closed only tells it that nothing follows. */
void chan_stdout_close(void)
{
    if (out_active)
        chan_ring_close(&out_ring.header);
}
