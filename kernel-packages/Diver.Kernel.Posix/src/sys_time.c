/* sys_time.c - clocks and sleeping, on the platform's TSC clock.
 * CLOCK_REALTIME starts at the Unix epoch at boot: a VM has no trusted
 * wall clock, and programs here measure intervals. */
#include "syscall.h"
#include <errno.h>
#include <platform/sched.h>
#include <platform/tsc.h>
#include <sys/time.h>
#include <time.h>

#define NS_PER_S 1000000000ull

static void to_timespec(uint64_t ns, struct timespec *ts)
{
    ts->tv_sec = (time_t)(ns / NS_PER_S);
    ts->tv_nsec = (long)(ns % NS_PER_S);
}

SYSCALL_DEFINE(clock_gettime)
{
    (void)a2, (void)a3, (void)a4, (void)a5;
    switch (a0) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_BOOTTIME:
    case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        to_timespec(tsc_ns(), (struct timespec *)a1);
        return 0;
    default:
        return -EINVAL;
    }
}

SYSCALL_DEFINE(clock_getres)
{
    struct timespec *ts = (struct timespec *)a1;

    (void)a0, (void)a2, (void)a3, (void)a4, (void)a5;
    if (ts) {
        ts->tv_sec = 0;
        ts->tv_nsec = 1;
    }
    return 0;
}

SYSCALL_DEFINE(gettimeofday)
{
    struct timeval *tv = (struct timeval *)a0;
    uint64_t ns = tsc_ns();

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (tv) {
        tv->tv_sec = (time_t)(ns / NS_PER_S);
        tv->tv_usec = (suseconds_t)(ns % NS_PER_S / 1000);
    }
    return 0;
}

SYSCALL_DEFINE(time)
{
    time_t t = (time_t)(tsc_ns() / NS_PER_S);

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (a0)
        *(time_t *)a0 = t;
    return (long)t;
}

static uint64_t ns_of(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * NS_PER_S + (uint64_t)ts->tv_nsec;
}

static int valid(const struct timespec *ts)
{
    return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NS_PER_S;
}

SYSCALL_DEFINE(nanosleep)
{
    const struct timespec *req = (const struct timespec *)a0;
    struct timespec *rem = (struct timespec *)a1;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (!valid(req))
        return -EINVAL;
    sched_sleep_until(tsc_ns() + ns_of(req));
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}

SYSCALL_DEFINE(clock_nanosleep)
{
    const struct timespec *req = (const struct timespec *)a2;
    struct timespec *rem = (struct timespec *)a3;

    (void)a4, (void)a5;
    if (a0 != CLOCK_REALTIME && a0 != CLOCK_MONOTONIC && a0 != CLOCK_BOOTTIME)
        return -EINVAL;
    if (!valid(req))
        return -EINVAL;
    sched_sleep_until((a1 & TIMER_ABSTIME) ? ns_of(req) : tsc_ns() + ns_of(req));
    if (rem && !(a1 & TIMER_ABSTIME))
        rem->tv_sec = rem->tv_nsec = 0;
    return 0;
}
