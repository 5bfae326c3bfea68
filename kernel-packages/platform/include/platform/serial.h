/* serial.h - polled 16550 UART driver (COM1 is the Diver console). */
#ifndef PLATFORM_SERIAL_H
#define PLATFORM_SERIAL_H

#define COM1_PORT 0x3f8

void serial_init(void);
void serial_putc(char c);           /* raw byte, no translation */
void serial_write(const char *s, unsigned long n); /* \n -> \r\n */
int serial_getc(void);              /* blocks until a byte arrives */
int serial_poll(void);              /* -1 when nothing is waiting */

#endif
