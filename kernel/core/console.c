/*
 * The core's log and the per-partition console.  A partition's bytes are
 * collected into its own line buffer and printed as whole lines prefixed
 * with its name, so output of partitions never interleaves within a line
 * and no partition can forge another's prefix or send control sequences.
 * REQ: CON-001 (per-partition console lines), CON-002 (nothing lost:
 * a full buffer or a pending line at restart/halt is flushed).
 */
#include <proteus/arch.h>

void log_write(const char *s, uint32_t max)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= max;
        loop assigns i;
        loop variant max - i; */
    for (i = 0u; i < max && s[i] != '\0'; i++) { /* @wcet-bound min(arg(2), 128) (max, or the longest core string) */
        arch_uart_putc((uint8_t)s[i]);
    }
}

void log_hex32(uint32_t v)
{
    static const char digits[16] = "0123456789abcdef";
    uint32_t shift;

    log_puts("0x");
    /*@ loop invariant shift <= 32 && shift % 4 == 0;
        loop assigns shift;
        loop variant shift; */
    for (shift = 32u; shift > 0u; shift -= 4u) { /* @wcet-bound 8 */
        arch_uart_putc((uint32_t)digits[(v >> (shift - 4u)) & 0xFu]);
    }
}

void log_dec(uint32_t v)
{
    char buf[10];
    uint32_t n;
    uint32_t first = 0u;

    /* All ten digits, most significant first: a fixed amount of work. */
    /*@ loop invariant 0 <= n <= 10;
        loop assigns n, v, buf[0 .. 9];
        loop variant 10 - n; */
    for (n = 0u; n < 10u; n++) { /* @wcet-bound 10 */
        buf[9u - n] = (char)('0' + v % 10u);
        v /= 10u;
    }
    /*@ loop invariant 0 <= first <= 9;
        loop assigns first;
        loop variant 9 - first; */
    while (first < 9u && buf[first] == '0') { /* @wcet-bound 9 */
        first++;
    }
    /*@ loop invariant first <= n <= 10;
        loop assigns n;
        loop variant 10 - n; */
    for (n = first; n < 10u; n++) { /* @wcet-bound 10 */
        arch_uart_putc((uint8_t)buf[n]);
    }
}

void log_nl(void)
{
    arch_uart_putc('\n');
}

/* Print the pending line (possibly empty) with its prefix; empty it. */
/*@ requires \valid(p) && p->line_len <= CONSOLE_LINE_MAX;
    requires \valid_read(name + (0 .. CFG_NAME_MAX));
    assigns p->line_len;
    ensures p->line_len == 0;
*/
static void console_emit(struct partition *p, const char *name)
{
    uint32_t i;

    arch_uart_putc('[');
    log_name(name);
    log_puts("] ");
    /*@ loop invariant 0 <= i <= p->line_len;
        loop assigns i;
        loop variant p->line_len - i; */
    for (i = 0u; i < p->line_len; i++) { /* @wcet-bound CONSOLE_LINE_MAX */
        arch_uart_putc((uint8_t)p->line[i]);
    }
    log_nl();
    p->line_len = 0u;
}

void console_flush(struct partition *p, const char *name)
{
    if (p->line_len != 0u) {
        console_emit(p, name);
    }
}

void console_putc(struct partition *p, const char *name, uint32_t ch)
{
    const int newline = ch == (uint32_t)'\n';
    const int carriage_return = ch == (uint32_t)'\r';
    const int printable = ch >= 0x20u && ch < 0x7Fu;

    if (newline) {
        console_emit(p, name);
        return;
    }
    if (carriage_return) {
        return;
    }
    if (p->line_len == CONSOLE_LINE_MAX) {
        console_emit(p, name); /* a full line continues on the next one */
    }
    p->line[p->line_len] = printable ? (char)ch : '?';
    p->line_len++;
}
