/* console.c - the serial console behind file descriptors 0, 1 and 2. */
#include "console.h"
#include <platform/serial.h>
#include <platform/spinlock.h>
#include <platform/x86.h>

#define CTRL_D 0x04

static struct spinlock lock = SPINLOCK_INIT("console");
static int input_ended;

void console_write(int fd, const char *buf, size_t n)
{
    (void)fd; /* stdout and stderr share the one serial line */
    spin_lock(&lock);
    serial_write(buf, n);
    spin_unlock(&lock);
}

long console_read(char *buf, size_t n)
{
    size_t got = 0;
    int c;

    if (input_ended || n == 0)
        return 0;
    while (got < n) {
        c = got == 0 ? serial_getc() : serial_poll();
        if (c < 0)
            break;
        if (c == CTRL_D) {
            input_ended = 1;
            break;
        }
        buf[got++] = (char)(c == '\r' ? '\n' : c);
        if (buf[got - 1] == '\n')
            break;
    }
    return (long)got;
}
