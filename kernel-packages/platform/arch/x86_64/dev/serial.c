/* serial.c - COM1 16550 UART, polled.
 *
 * Polled because the console is the only device and the app owns the CPU:
 * an interrupt-driven driver would need a timer, an APIC and buffering for
 * no gain. Interrupts stay disabled in the UART (IER = 0). */
#include <arch/x86.h>
#include <platform/serial.h>

#define COM1_PORT 0x3f8

#define UART_DATA 0 /* THR/RBR, or divisor low with DLAB */
#define UART_IER  1 /* divisor high with DLAB */
#define UART_FCR  2
#define UART_LCR  3
#define UART_MCR  4
#define UART_LSR  5

#define LCR_8N1   0x03
#define LCR_DLAB  0x80
#define MCR_DTR_RTS 0x03
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

#define UART_CLOCK 115200

static void uart_set_baud(unsigned baud)
{
    unsigned div = UART_CLOCK / baud;

    outb(COM1_PORT + UART_LCR, LCR_DLAB);
    outb(COM1_PORT + UART_DATA, div & 0xff);
    outb(COM1_PORT + UART_IER, div >> 8);
    outb(COM1_PORT + UART_LCR, LCR_8N1);
}

void serial_init(void)
{
    outb(COM1_PORT + UART_IER, 0);
    uart_set_baud(115200);
    /* FCR is left alone: (re)enabling the FIFOs flushes them, which would
     * drop input that arrived before we got here (piped stdin does). */
    outb(COM1_PORT + UART_MCR, MCR_DTR_RTS);
}

void serial_putc(char c)
{
    /* On QEMU the transmitter is always ready, so this loop exits at once;
     * on real hardware it waits at most one character time. */
    while (!(inb(COM1_PORT + UART_LSR) & LSR_THR_EMPTY))
        cpu_relax();
    outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, unsigned long n)
{
    unsigned long i;

    for (i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');  /* terminals need CR LF */
        serial_putc(s[i]);
    }
}

int serial_poll(void)
{
    if (!(inb(COM1_PORT + UART_LSR) & LSR_DATA_READY))
        return -1;
    return inb(COM1_PORT + UART_DATA);
}

int serial_getc(void)
{
    int c;

    while ((c = serial_poll()) < 0)
        cpu_relax();
    return c;
}
