/* policy.c - the scheduler's knobs, from the kernel command line
 * (diver.KEY=VALUE words, see platform/kernel_options.h):
 *
 *   diver.timeslice_us=N   how long a thread runs before a ready thread of
 *                          its CPU gets a turn; also the APIC tick period.
 *                          Default 10000 (10 ms), clamped to 100..1000000.
 *   diver.idle=poll|halt   poll (default): an idle CPU polls its queue for
 *                          diver.idle_poll_us (default 200, as Linux's
 *                          cpuidle-haltpoll) before it halts, so quick
 *                          hand-offs need no IPI; halt: it halts at once
 *                          (for hosts where a polling vCPU takes a core
 *                          other work needs).
 *   diver.idle_poll_us=N   the poll budget, 0..100000. */
#include "sched_internal.h"
#include <platform/kernel_options.h>
#include <platform/smp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMESLICE_US 10000
#define MIN_TIMESLICE_US 100
#define MAX_TIMESLICE_US 1000000
#define DEFAULT_IDLE_POLL_US 200
#define MAX_IDLE_POLL_US 100000

static uint32_t timeslice_us = DEFAULT_TIMESLICE_US;
static int idle_polls = 1;
static uint64_t idle_poll_ns = DEFAULT_IDLE_POLL_US * 1000ull;

uint32_t sched_timeslice_us(void) { return __atomic_load_n(&timeslice_us, __ATOMIC_RELAXED); }
int sched_idle_polls(void) { return idle_polls; }
uint64_t sched_idle_poll_ns(void) { return idle_poll_ns; }

/* With idle=poll a blocked thread's CPU polls this long anyway: spinning
 * instead holds the host core no longer and saves the switches to the idle
 * loop and back. With idle=halt, or alone on one CPU, block at once. */
uint64_t sched_spin_ns(void) { return idle_polls && smp_cpu_count() > 1 ? idle_poll_ns : 0; }

/* A whole number in [lo, hi], or fallback when absent or malformed. */
static unsigned long option_number(const char *key, unsigned long lo, unsigned long hi, unsigned long fallback)
{
    const char *v = kernel_option(key);
    char *end;
    unsigned long n;

    if (!v || !*v)
        return fallback;
    n = strtoul(v, &end, 10);
    if (*end)
        return fallback;
    return n < lo ? lo : n > hi ? hi : n;
}

void sched_apply_kernel_options(void)
{
    const char *idle = kernel_option("idle");

    __atomic_store_n(&timeslice_us,
                     (uint32_t)option_number("timeslice_us", MIN_TIMESLICE_US, MAX_TIMESLICE_US, DEFAULT_TIMESLICE_US),
                     __ATOMIC_RELAXED);
    if (idle && strcmp(idle, "halt") == 0)
        idle_polls = 0;
    else if (idle && strcmp(idle, "poll") == 0)
        idle_polls = 1;
    idle_poll_ns = option_number("idle_poll_us", 0, MAX_IDLE_POLL_US, DEFAULT_IDLE_POLL_US) * 1000ull;
#ifdef DIVER_DEBUG
    if (idle_polls)
        printf("[sched] time slice %u us, idle=poll (%lu us, then hlt)\n", timeslice_us,
               (unsigned long)(idle_poll_ns / 1000));
    else
        printf("[sched] time slice %u us, idle=halt\n", timeslice_us);
#endif
}
