/* console.h - stdin, stdout and stderr: the COM1 serial console. */
#ifndef POSIX_CONSOLE_H
#define POSIX_CONSOLE_H

#include <stddef.h>

/* Writes whole lines atomically with respect to other CPUs. */
void console_write(int fd, const char *buf, size_t n);

/* Blocks for the first byte, then takes what is already waiting, up to a
 * newline; 0 at end of input (the launcher sends Ctrl-D when the host's
 * stdin ends). */
long console_read(char *buf, size_t n);

#endif
