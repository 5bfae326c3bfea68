/* console_input.c - decodes the host's console stream (see console_input.h).
 *
 * End of input is sticky, as on a pipe: a program that reads again after
 * end of file (a second fgets, a read loop) gets end of file again instead of
 * blocking forever on a line nobody will write. Single reader assumed: stdin
 * is read by one thread at a time, like the polled UART underneath. */
#include <platform/console_input.h>
#include <platform/serial.h>

#define IN_END_OF_INPUT 0x04
#define IN_ESCAPE       0xff
#define IN_ENTER        '\r'

static int ended;

/* One raw byte from the line, decoded; an escape's literal byte follows it
 * at once (the host writes the pair together), so it is waited for. */
static int decode(int c)
{
    if (c == IN_ESCAPE)
        return serial_getc(); /* literal: no end, no CR translation */
    if (c == IN_END_OF_INPUT) {
        ended = 1;
        return CONSOLE_END;
    }
    return c == IN_ENTER ? '\n' : c;
}

int console_getc(void)
{
    if (ended)
        return CONSOLE_END;
    return decode(serial_getc());
}

int console_poll(void)
{
    int c;

    if (ended)
        return CONSOLE_END;
    c = serial_poll();
    return c < 0 ? CONSOLE_EMPTY : decode(c);
}
