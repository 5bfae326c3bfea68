/* file_time.c - clock_gettime from the host's clocks (SplitVM). The kernel
 * has no calibrated clock of its own yet, so in VM mode it fails with ENOSYS. */
#include <diver/forward.h>
#include <errno.h>
#include <time.h>

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    struct fwd_timespec t;
    int r = fwd_clock_gettime(clock, &t);

    if (r < 0) {
        errno = -r;
        return -1;
    }
    ts->tv_sec = t.sec;
    ts->tv_nsec = (long)t.nsec;
    return 0;
}
