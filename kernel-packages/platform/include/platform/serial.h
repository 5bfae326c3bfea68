/* serial.h - the console UART, polled (x86-64: COM1, a 16550). */
#ifndef PLATFORM_SERIAL_H
#define PLATFORM_SERIAL_H

void serial_init(void);
void serial_putc(char c);           /* raw byte, no translation */
void serial_write(const char *s, unsigned long n); /* \n -> \r\n */
int serial_getc(void);              /* blocks until a byte arrives */
int serial_poll(void);              /* -1 when nothing is waiting */

#endif
