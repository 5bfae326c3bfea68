/* chan_wait.h - one turn of waiting on a ring the other side has not moved. */
#ifndef CHAN_WAIT_H
#define CHAN_WAIT_H

#include <stdint.h>

struct chan_wait {
    uint64_t since; /* ns when this wait began; 0 before its first turn */
};

#define CHAN_WAIT_INIT { 0 }

void chan_wait_turn(struct chan_wait *w);

#endif
