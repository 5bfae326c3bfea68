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

int console_getc(void)
{
    int c;

    if (ended)
        return CONSOLE_END;
    c = serial_getc();
    if (c == IN_ESCAPE)
        return serial_getc(); /* literal: no end, no CR translation */
    if (c == IN_END_OF_INPUT) {
        ended = 1;
        return CONSOLE_END;
    }
    return c == IN_ENTER ? '\n' : c;
}
