/* console_input.h - the console's input byte stream, decoded (Diver console protocol).
 *
 * A serial line has no end of file, so the host marks it in band
 * (docs/kernel-contract.md, "Console input"):
 *   0x04       end of input: every read from then on is end of file
 *   0xFF b     the byte b, taken literally (how 0x04, 0xFF and CR travel)
 *   0x0D       a terminal's Enter: reads as '\n'
 *   any other  itself
 * Any kernel's stdin (a libc's fgetc, a read(0) system call) reads through here. */
#ifndef PLATFORM_CONSOLE_INPUT_H
#define PLATFORM_CONSOLE_INPUT_H

#define CONSOLE_END (-1)
#define CONSOLE_EMPTY (-2)

/* Blocks for the next input byte (0..255), or returns CONSOLE_END once input has ended. */
int console_getc(void);
/* The next input byte if one is waiting, CONSOLE_EMPTY if none is yet, or
 * CONSOLE_END once input has ended: for read() calls that return what has
 * arrived instead of waiting for a full buffer. */
int console_poll(void);

#endif
