/* time.h - clock_gettime (the host's clocks, forwarded under SplitVM). */
#ifndef _DIVER_TIME_H
#define _DIVER_TIME_H

#include <sys/types.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

int clock_gettime(clockid_t clock, struct timespec *ts);

#endif
