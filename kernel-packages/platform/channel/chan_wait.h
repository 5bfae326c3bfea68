/* chan_wait.h - one turn of waiting on a ring the other side has not moved. */
#ifndef CHAN_WAIT_H
#define CHAN_WAIT_H

#include <stdint.h>

struct chan_wait {
    unsigned turns; /* the clock is read every CHAN_WAIT_CLOCK_TURNS turns */
    uint32_t nap_us; /* the next nap; 0 until the first */
    uint64_t since; /* ns when the clock was first read; 0 until then */
};

#define CHAN_WAIT_INIT { 0, 0, 0 }

void chan_wait_turn(struct chan_wait *w);
/* The wait is over (the ring moved): tunes how long the next waits spin. */
void chan_wait_done(const struct chan_wait *w);

#endif
