/*
 * Run-time library of the Proteus-405 test guests: console output and
 * small helpers on top of the hypercall wrappers.
 */
#include "guest.h"

extern volatile unsigned guest_native; /* set by crt0's native emulation */

void gputc(char c)
{
    (void)hc_call(HC_CONSOLE_PUTC, (unsigned char)c, 0);
}

void gputs(const char *s)
{
    while (*s != '\0')
        gputc(*s++);
}

void gnl(void)
{
    gputc('\n');
}

void gputs_nl(const char *s)
{
    gputs(s);
    gnl();
}

void gput_hex32(unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    int shift;

    gputs("0x");
    for (shift = 28; shift >= 0; shift -= 4)
        gputc(digits[(v >> shift) & 0xfu]);
}

void gput_dec(unsigned v)
{
    char buf[10];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    while (n > 0)
        gputc(buf[--n]);
}

int guest_is_native(void)
{
    return guest_native != 0u;
}

void delay(unsigned n)
{
    volatile unsigned i;

    for (i = 0; i < n; i++)
        continue;
}

void halt(void)
{
    volatile unsigned spin = 0;

    for (;;)
        spin++;
}
