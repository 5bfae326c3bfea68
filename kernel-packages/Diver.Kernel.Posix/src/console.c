/* console.c - the serial console behind file descriptors 0, 1 and 2. */
#include "console.h"
#include <platform/console_input.h>
#include <platform/serial.h>
#include <platform/spinlock.h>
#include <platform/x86.h>

static struct spinlock lock = SPINLOCK_INIT("console");

void console_write(int fd, const char *buf, size_t n)
{
    (void)fd; /* stdout and stderr share the one serial line */
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
