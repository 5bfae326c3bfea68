/* fwd_ring.c - the guest end of the SplitVM request ring.
 *
 * The header and slots are static and page-aligned, so they sit in guest
 * RAM at a fixed place the proxy finds by scanning page boundaries for the
 * magic and the launcher's nonce. Both sides poll: the guest spins on its
 * slot, the proxy on the next slot, each on its own host core, so a call
 * costs two cache-line transfers and no VM exit (docs/forwarding-abi.md). */
#include <diver/forward.h>
#include <errno.h>
#include <platform/kernel_options.h>
#include <stdlib.h>

#define PAGE 4096

static struct {
    struct fwd_header header;
    char pad[PAGE - sizeof(struct fwd_header)];
    struct fwd_slot slots[FWD_SLOTS];
} ring __attribute__((aligned(PAGE)));

static int state; /* 0 unknown, 1 published, -1 not SplitVM */

static void cpu_relax(void) { __builtin_ia32_pause(); }

static uint64_t parse_nonce(const char *text)
{
    char *end;
    uint64_t v = strtoull(text, &end, 16);

    return (*end == '\0' && v != 0) ? v : 0;
}

/* Fills the header, then the magic last: the proxy only trusts a header
 * whose magic and nonce it sees, and x86 keeps stores in order. */
static void publish(uint64_t nonce)
{
    ring.header.nonce = nonce;
    ring.header.version = FWD_VERSION;
    ring.header.slot_count = FWD_SLOTS;
    ring.header.slot_size = sizeof(struct fwd_slot);
    ring.header.slots_addr = (uint64_t)(uintptr_t)ring.slots;
    __atomic_store_n(&ring.header.magic, FWD_MAGIC, __ATOMIC_RELEASE);
}

int fwd_init(void)
{
    const char *value;
    uint64_t nonce;

    if (state != 0)
        return state > 0;
    value = kernel_option("fwd");
    nonce = value ? parse_nonce(value) : 0;
    if (nonce == 0) {
        state = -1;
        return 0;
    }
    publish(nonce);
    state = 1;
    return 1;
}

int fwd_available(void) { return fwd_init(); }

/* Publishing before main lets the proxy find the ring while the app starts. */
__attribute__((constructor)) static void fwd_init_early(void) { fwd_init(); }

static void wait_state(struct fwd_slot *s, uint32_t want)
{
    while (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != want)
        cpu_relax();
}

int64_t fwd_call(uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint64_t ticket;
    struct fwd_slot *s;
    int64_t result;

    if (!fwd_available())
        return -ENOSYS;
    ticket = __atomic_fetch_add(&ring.header.next_ticket, 1, __ATOMIC_RELAXED);
    s = &ring.slots[ticket % FWD_SLOTS];
    wait_state(s, FWD_FREE); /* only busy when FWD_SLOTS calls are in flight */
    s->op = op;
    s->ticket = ticket;
    s->arg[0] = a0;
    s->arg[1] = a1;
    s->arg[2] = a2;
    s->arg[3] = a3;
    s->result = 0;
    __atomic_store_n(&s->state, FWD_POSTED, __ATOMIC_RELEASE);
    wait_state(s, FWD_DONE);
    result = s->result;
    __atomic_store_n(&s->state, FWD_FREE, __ATOMIC_RELEASE);
    return result;
}
