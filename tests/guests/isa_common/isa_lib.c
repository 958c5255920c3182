/*
 * Run-time library of the instruction-group guests (included by each
 * guest's lib.c): console on UART0, the exception log and handler, the
 * common start and end.
 */
#include "isa.h"

#include <stdarg.h>

const uint32_t isa_pat[ISA_NPAT] = {
    0x00000000u, 0xFFFFFFFFu, 0xAAAAAAAAu, 0x55555555u,
};
const char *const isa_pat_name[ISA_NPAT] = { "zero", "ones", "alt_a", "alt_5" };

/* ---- console ------------------------------------------------------------ */

void isa_putc(char c)
{
    volatile uint8_t *lsr = (volatile uint8_t *)UART0_LSR;
    volatile uint8_t *thr = (volatile uint8_t *)UART0_THR;

    while ((*lsr & LSR_THRE) == 0u)
        continue;
    *thr = (uint8_t)c;
}

void isa_puts(const char *s)
{
    while (*s != '\0')
        isa_putc(*s++);
}

static void put_hex(uint32_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    int i;

    for (i = digits - 1; i >= 0; i--)
        isa_putc(hex[(v >> (4 * i)) & 0xfu]);
}

static void put_hex_short(uint32_t v)
{
    int digits = 1;

    while (digits < 8 && (v >> (4 * digits)) != 0u)
        digits++;
    put_hex(v, digits);
}

static void put_dec(uint32_t v)
{
    char buf[11];
    int n = 10;

    buf[n] = '\0';
    do {
        buf[--n] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    isa_puts(&buf[n]);
}

static void put_prefix(void)
{
    isa_puts(isa_guest_name);
    isa_puts(": ");
}

static void put_fmt(const char *fmt, va_list ap)
{
    for (; *fmt != '\0'; fmt++) {
        if (*fmt != '%' || fmt[1] == '\0') {
            isa_putc(*fmt);
            continue;
        }
        fmt++;
        if (*fmt == 's')
            isa_puts(va_arg(ap, const char *));
        else if (*fmt == 'u')
            put_dec(va_arg(ap, unsigned));
        else if (*fmt == 'x')
            put_hex_short(va_arg(ap, unsigned));
        else
            isa_putc(*fmt);
    }
}

static void put_value_line(uint32_t value)
{
    isa_puts("=0x");
    put_hex(value, 8);
    isa_putc('\n');
}

void isa_note(const char *text)
{
    put_prefix();
    isa_puts(text);
    isa_putc('\n');
}

/* ---- exception log ------------------------------------------------------- */

static struct isa_exc exc_log[ISA_LOG_MAX];
static unsigned exc_count;          /* entries in exc_log */
static unsigned exc_lost;           /* entries beyond ISA_LOG_MAX */
static unsigned exc_total;          /* every exception since the start */

unsigned isa_exc_pending(void)
{
    return exc_count + exc_lost;
}

void isa_exc_clear(void)
{
    exc_count = 0;
    exc_lost = 0;
}

static void report_entry(const char *name, unsigned k, const struct isa_exc *e)
{
    static const char *const field[5] = { "vec", "off", "esr", "dear", "srr1" };
    const uint32_t v[5] = { e->vec, e->off, e->esr, e->dear, e->srr1 };
    unsigned i;

    for (i = 0; i < 5; i++) {
        put_prefix();
        isa_puts(name);
        if (k != 0u) {
            isa_putc('#');
            put_dec(k);
        }
        isa_putc('.');
        isa_puts(field[i]);
        put_value_line(v[i]);
    }
}

unsigned isa_exc_report(const char *name)
{
    unsigned n = isa_exc_pending();
    unsigned k;

    put_prefix();
    isa_puts(name);
    isa_puts(".exc");
    put_value_line(n);
    for (k = 0; k < exc_count; k++)
        report_entry(name, k, &exc_log[k]);
    isa_exc_clear();
    /* A dev case's exceptions are the deviation's own (the manual's 405
     * and this board may take different numbers): state.exceptions counts
     * the others only, so that it compares equal both ways. */
    if (name[0] == 'd' && name[1] == 'e' && name[2] == 'v' && name[3] == '.')
        exc_total -= n;
    return n;
}

/* Exceptions nobody asked about are printed as unexpected. */
static void report_unexpected(void)
{
    unsigned k;

    for (k = 0; k < exc_count; k++)
        report_entry("unexpected", k, &exc_log[k]);
    if (exc_lost != 0u) {
        put_prefix();
        isa_puts("unexpected.lost");
        put_value_line(exc_lost);
    }
    isa_exc_clear();
}

void isa_out(uint32_t value, const char *fmt, ...)
{
    va_list ap;

    if (isa_exc_pending() != 0u)
        report_unexpected();
    put_prefix();
    va_start(ap, fmt);
    put_fmt(fmt, ap);
    va_end(ap);
    put_value_line(value);
}

uint32_t isa_fnv(const void *p, unsigned len)
{
    const volatile uint8_t *b = p;
    uint32_t h = 0x811C9DC5u;
    unsigned i;

    for (i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x01000193u;
    }
    return h;
}

__attribute__((weak)) int isa_async(uint32_t vec, struct isa_exc *e)
{
    (void)vec;
    (void)e;
    return 0;
}

static void __attribute__((noreturn)) stop(void)
{
    for (;;)
        continue;
}

/* Called by isa_exc_entry (isa_rt.S) with the vector offset, MSR = the
 * interrupt's; SRR0/SRR1 as the interrupt set them.  It chooses where
 * the rfi returns by adjusting SRR0. */
void isa_exception(uint32_t vec);
volatile uint32_t isa_entry_msr;

void isa_exception(uint32_t vec)
{
    struct isa_exc e;

    isa_entry_msr = MFMSR();
    uint32_t srr0 = MFSPR(SPR_SRR0);
    uint32_t site = isa_site_word;

    e.vec = MFSPR(SPR_EVPR) | vec;
    e.off = srr0 - site;
    e.esr = MFSPR(SPR_ESR);
    e.dear = MFSPR(SPR_DEAR);
    e.srr1 = MFSPR(SPR_SRR1);
    exc_total++;

    if (vec == VEC_PROGRAM || vec == VEC_ALIGN) {
        MTSPR(SPR_SRR0, srr0 + 4u);
    } else if (vec == VEC_SYSCALL) {
        /* resume after the sc */
    } else if (!isa_async(vec, &e)) {
        put_prefix();
        isa_puts("unexpected exception vector=0x");
        put_hex(e.vec, 8);
        isa_puts(" srr0=0x");
        put_hex(srr0, 8);
        isa_puts(" srr1=0x");
        put_hex(e.srr1, 8);
        isa_puts(" esr=0x");
        put_hex(e.esr, 8);
        isa_puts(" dear=0x");
        put_hex(e.dear, 8);
        isa_putc('\n');
        stop();
    }
    if (exc_count < ISA_LOG_MAX)
        exc_log[exc_count++] = e;
    else
        exc_lost++;
}

/* ---- start and end --------------------------------------------------------- */

/* Optional per-guest final dump (the group's own registers). */
__attribute__((weak)) void isa_dump(void)
{
}

void isa_start(void) __attribute__((noreturn));
void isa_start(void)
{
    /* The registers the common dump prints, to values of the program's. */
    MTSPR(SPR_SRR0, 0);
    MTSPR(SPR_SRR1, 0);
    MTSPR(SPR_ESR, 0);
    MTSPR(SPR_DEAR, 0);
    isa_site_word = 0;

    isa_note("start");
    isa_main();
    isa_dump();
    /* The common final state: registers every group's exceptions touch. */
    isa_out(MFMSR(), "state.msr");
    isa_out(MFSPR(SPR_EVPR), "state.evpr");
    isa_out(MFSPR(SPR_ESR), "state.esr");
    isa_out(MFSPR(SPR_DEAR), "state.dear");
    isa_out(MFSPR(SPR_SRR0), "state.srr0");
    isa_out(MFSPR(SPR_SRR1), "state.srr1");
    isa_out(exc_total, "state.exceptions");
    isa_note("done");
    MTMSR(MFMSR() & ~(MSR_EE | MSR_CE));
    stop();
}
