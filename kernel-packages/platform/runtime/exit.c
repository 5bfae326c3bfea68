/* exit.c - exit(), atexit(), abort(): the app's ways out.
 * exit(v) runs atexit handlers, flushes stdio and reports v through the exit
 * device (see platform/exit.h for the encoding). */
#include <platform/exit.h>
#include <platform/panic.h>
#include <platform/runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define ATEXIT_MAX 32

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
    if (atexit_count == ATEXIT_MAX)
        return -1;
    atexit_fns[atexit_count++] = fn;
    return 0;
}

void atexit_run(void)
{
    while (atexit_count > 0)
        atexit_fns[--atexit_count]();
}

/* The exit device carries 0..EXIT_APP_CODE_MAX only: a status it would change
 * gets a word on stderr, or exit(300) would come back as 44 with no hint why. */
static unsigned leave_code(int status)
{
    unsigned w = platform_app_exit_code(status);

    if (status < 0 || status > EXIT_APP_CODE_MAX)
        fprintf(stderr, "diver: exit status %d leaves the VM as %u (only 0-%d pass through unchanged)\n",
                status, w - 1, EXIT_APP_CODE_MAX);
    return w;
}

void exit(int status)
{
    atexit_run();
    stdio_flush_all();
    platform_exit_code(leave_code(status));
}

void _Exit(int status)
{
    stdio_flush_all();
    platform_exit_code(leave_code(status));
}

void abort(void)
{
    panic("abort() called");
}
