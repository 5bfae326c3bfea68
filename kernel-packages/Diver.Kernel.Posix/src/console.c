/* console.c - the serial console behind file descriptors 0, 1 and 2; in a
 * streamed pipeline stage, 0 and 1 are channels instead (channel.h) and
 * stderr stays on the console. */
#include "console.h"
#include <diver/channel.h>
#include <platform/console_input.h>
#include <platform/serial.h>
#include <platform/spinlock.h>

static struct spinlock lock = SPINLOCK_INIT("console");

void console_write(int fd, const char *buf, size_t n)
{
    if (fd == 1 && chan_stdout_active()) {
        chan_stdout_write(buf, n);
        return;
    }
    /* stdout and stderr share the one serial line */
    spin_lock(&lock);
    serial_write(buf, n);
    spin_unlock(&lock);
}

/* What has arrived, up to a line: the first byte is waited for, the rest
 * taken only if already there. Input is the Diver console protocol
 * (docs/kernel-contract.md): its end is end of file, read() returning 0. */
long console_read(char *buf, size_t n)
{
    size_t got = 0;
    int c;

    if (chan_stdin_active())
        return (long)chan_stdin_read(buf, n); /* binary: no line discipline */
    while (got < n) {
        c = got == 0 ? console_getc() : console_poll();
        if (c == CONSOLE_END || c == CONSOLE_EMPTY)
            break;
        buf[got++] = (char)c;
        if (c == '\n')
            break;
    }
    return (long)got;
}
