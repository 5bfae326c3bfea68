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

/* Blocks for the next input byte (0..255), or returns CONSOLE_END once input has ended. */
int console_getc(void);

#endif
