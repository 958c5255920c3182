/*
 * uart: drives UART0 (16550 at 0xEF600300) itself, in a device page its
 * configuration grants it.  "uart: start" and "uart: done" go through the
 * console hypercall (prefixed by the core); the twenty lines
 * "uart: direct <n>" in between are written straight to the UART's
 * transmit register, unprefixed.  Each direct line is formatted first
 * and then sent without a pause, about 250000 instructions apart.
 */
#include "guest.h"

#define UART0_BASE  0xEF600300u
#define UART_THR    0u          /* transmit holding register */
#define UART_LSR    5u          /* line status register */
#define LSR_THRE    0x20u       /* transmit holding register empty */

#define LINES       20u
#define LINE_DELAY  35700u      /* about 250000 instructions */

static void uart_putc(char c)
{
    volatile unsigned char *uart = (volatile unsigned char *)UART0_BASE;

    while ((uart[UART_LSR] & LSR_THRE) == 0u)
        continue;
    uart[UART_THR] = (unsigned char)c;
}

/* "uart: direct <n>\n" into buf; returns its length. */
static unsigned format_line(char *buf, unsigned n)
{
    static const char head[] = "uart: direct ";
    char digits[10];
    unsigned len = 0, k = 0, i;

    for (i = 0; head[i] != '\0'; i++)
        buf[len++] = head[i];
    do {
        digits[k++] = (char)('0' + n % 10u);
        n /= 10u;
    } while (n != 0u);
    while (k > 0)
        buf[len++] = digits[--k];
    buf[len++] = '\n';
    return len;
}

int main(unsigned index, unsigned start_count)
{
    char line[32];
    unsigned n, len, i;

    (void)index;
    (void)start_count;
    gputs_nl("uart: start");
    for (n = 1; n <= LINES; n++) {
        delay(LINE_DELAY);
        len = format_line(line, n);
        for (i = 0; i < len; i++)
            uart_putc(line[i]);
    }
    gputs_nl("uart: done");
    halt();
}
