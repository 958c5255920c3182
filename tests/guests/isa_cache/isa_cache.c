/*
 * isa_cache: the cache-management instructions, in supervisor state, real
 * mode, on a 1 KiB scratch buffer (32 lines of 32 bytes): dcbi, dccci,
 * iccci, dcread, icread (privileged) and dcbz, dcbf, dcbst, dcbt, dcbtst,
 * dcba, icbi, icbt, with both address forms (rA = 0, and rA + rB), on
 * aligned and unaligned addresses; results are buffer checksums and
 * words around the touched line.
 *
 * Real-mode memory below 128 MiB is made cacheable (DCCR/ICCR bit 0) and
 * write-back (DCWR = 0) so that dcbz and the rest have their defined
 * effect by the manual, not the alignment interrupt a 405 raises for dcbz
 * on non-cacheable or write-through storage.
 * Every store is written back (dcbst or dcbf, then sync) before a dcbi or
 * dccci, so invalidation never loses data on a real cache either.  A
 * patched instruction is executed after dcbst/sync/icbi/isync (and after
 * iccci) to show the instruction-side operations.  Lines named `dev.*`
 * record QEMU-vs-manual deviations (dcread returns its effective address
 * and takes no alignment interrupt for an unaligned one; icread loads
 * nothing into ICDBDR).
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_cache");

#define SPR_ICDBDR 979
#define LINE 32u
#define NLINES 32u
#define BUF_SIZE (LINE * NLINES)
#define DCCR_RAM 0x80000000u    /* region 0: 0x00000000-0x07FFFFFF */

static uint8_t buf[BUF_SIZE] __attribute__((aligned(32)));

static void fill(void)
{
    unsigned i;

    for (i = 0; i < BUF_SIZE; i++)
        buf[i] = (uint8_t)(0xA5u ^ (i * 7u) ^ (i >> 5));
    for (i = 0; i < BUF_SIZE; i += LINE)
        __asm__ volatile("dcbst 0, %0" : : "r"(&buf[i]) : "memory");
    SYNC();
}

static uint32_t word_at(unsigned off)
{
    return *(volatile uint32_t *)&buf[off];
}

/* Exceptions taken, the checksum, and the words just before, at the
 * start, at the end and just after line `line`. */
static void show(const char *name, unsigned line)
{
    unsigned start = line * LINE;

    (void)isa_exc_report(name);
    isa_out(isa_fnv(buf, BUF_SIZE), "%s.sum", name);
    if (line > 0)
        isa_out(word_at(start - 4), "%s.before", name);
    isa_out(word_at(start), "%s.first", name);
    isa_out(word_at(start + LINE - 4), "%s.last", name);
    if (line + 1 < NLINES)
        isa_out(word_at(start + LINE), "%s.after", name);
}

/* ---- dcbz ------------------------------------------------------------------ */

static void test_dcbz(void)
{
    fill();
    isa_out(isa_fnv(buf, BUF_SIZE), "fill.sum");
    /* rA = 0: EA = rB */
    __asm__ volatile("dcbz 0, %0" : : "r"(&buf[2 * LINE]) : "memory");
    show("dcbz.aligned", 2);
    /* rA + rB, the EA 13 bytes into line 5: the whole line is zeroed */
    __asm__ volatile("dcbz %0, %1" : : "b"(&buf[5 * LINE]), "r"(13) : "memory");
    show("dcbz.unaligned", 5);
    /* last byte of line 9 */
    __asm__ volatile("dcbz %0, %1" : : "b"(&buf[9 * LINE + 31]), "r"(0) : "memory");
    show("dcbz.last_byte", 9);
    /* first line, rA + rB with a negative index */
    __asm__ volatile("dcbz %0, %1" : : "b"(&buf[LINE + 4]), "r"(-(int)LINE) : "memory");
    show("dcbz.negative_index", 0);
}

/* ---- flush, touch, allocate: no architectural change to the data -------------- */

static void test_nochange(void)
{
    uint8_t *p = &buf[12 * LINE];

    fill();
    __asm__ volatile("stw %1, 0(%0)" : : "b"(p), "r"(0x11223344u) : "memory");
    __asm__ volatile("dcbst 0, %0" : : "r"(p) : "memory");
    SYNC();
    show("dcbst", 12);
    __asm__ volatile("stw %1, 4(%0)" : : "b"(p), "r"(0x55667788u) : "memory");
    __asm__ volatile("dcbf %0, %1" : : "b"(p), "r"(4) : "memory");
    SYNC();
    show("dcbf", 12);
    __asm__ volatile("dcbt 0, %0" : : "r"(p + LINE) : "memory");
    __asm__ volatile("dcbt %0, %1" : : "b"(p), "r"(2 * LINE + 3) : "memory");
    show("dcbt", 13);
    __asm__ volatile("dcbtst 0, %0" : : "r"(p + 3 * LINE) : "memory");
    __asm__ volatile("dcbtst %0, %1" : : "b"(p), "r"(4 * LINE + 17) : "memory");
    show("dcbtst", 15);
    __asm__ volatile("icbt 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("icbt %0, %1" : : "b"(p), "r"(LINE) : "memory");
    show("icbt", 12);
    __asm__ volatile("icbi 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("icbi %0, %1" : : "b"(p), "r"(5) : "memory");
    show("icbi", 12);
}

/* dcba: the manual leaves the line's contents undefined unless it was
 * already cached; here the line has just been touched by loads (dcbt),
 * so its contents stay the memory's on a real cache too. */
static void test_dcba(void)
{
    uint8_t *p = &buf[20 * LINE];

    fill();
    __asm__ volatile("dcbt 0, %0\n\tlwz %%r0, 0(%0)" : : "b"(p) : "r0", "memory");
    __asm__ volatile("dcba 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("dcbst 0, %0" : : "r"(p) : "memory");
    SYNC();
    show("dcba", 20);
}

/* ---- privileged invalidation, after write-back ---------------------------------- */

static void test_invalidate(void)
{
    uint8_t *p = &buf[24 * LINE];

    fill();
    __asm__ volatile("stw %1, 8(%0)" : : "b"(p), "r"(0xCAFEF00Du) : "memory");
    __asm__ volatile("dcbf 0, %0" : : "r"(p) : "memory");
    SYNC();
    __asm__ volatile("dcbi 0, %0" : : "r"(p) : "memory");
    show("dcbi", 24);
    __asm__ volatile("stw %1, 12(%0)" : : "b"(p), "r"(0xDEADBEEFu) : "memory");
    __asm__ volatile("dcbst %0, %1" : : "b"(p), "r"(0) : "memory");
    SYNC();
    __asm__ volatile("dcbi %0, %1" : : "b"(p), "r"(LINE + 9) : "memory");
    show("dcbi.rarb", 24);
    /* dccci: congruence class of EA (all ways); every line written back. */
    fill();
    __asm__ volatile("dccci 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("dccci %0, %1" : : "b"(p), "r"(3 * LINE) : "memory");
    show("dccci", 24);
    __asm__ volatile("iccci 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("iccci %0, %1" : : "b"(p), "r"(LINE) : "memory");
    show("iccci", 24);
}

/* ---- dcread, icread --------------------------------------------------------------- */

static void test_read(void)
{
    uint32_t a, b, c, d;
    uint8_t *p = &buf[28 * LINE];

    fill();
    /* The 405: rD = the cache's data (or tag, by CCR0[CIS]) for EA's
     * line; QEMU: rD = EA. */
    __asm__ volatile("dcread %0, 0, %1" : "=r"(a) : "r"(p + 8) : "memory");
    __asm__ volatile("dcread %0, %1, %2" : "=r"(b) : "b"(p), "r"(LINE + 4) : "memory");
    /* An EA that is not word-aligned: the 405 takes an alignment
     * interrupt (rD keeps the marker), QEMU returns the EA. */
    c = 0xC0DE0000u;
    __asm__ volatile(ISA_MARK "dcread %0, %2, %3"
                     : "+r"(c), [t] "=&b"(d) : "b"(p), "r"(2) : "memory");
    (void)isa_exc_report("dev.dcread");
    MTSPR(SPR_DEAR, 0);  /* as before the dev case, for the lines after it */
    isa_out(a, "dev.dcread.ra0");
    isa_out(b, "dev.dcread.rarb");
    isa_out(c, "dev.dcread.unaligned");
    /* icread loads ICDBDR (the 405: the instruction cache's word). */
    __asm__ volatile("icread 0, %0" : : "r"(p) : "memory");
    __asm__ volatile("icread %0, %1" : : "b"(p), "r"(4) : "memory");
    d = MFSPR(SPR_ICDBDR);
    isa_out(d, "dev.icread.icdbdr");
    show("icread", 28);
}

/* ---- instruction side: a patched instruction ---------------------------------------- */

static uint32_t code[8] __attribute__((aligned(32)));

static uint32_t call_code(void)
{
    uint32_t (*fn)(void) = (uint32_t (*)(void))(uintptr_t)code;

    return fn();
}

static void patch(uint32_t value)
{
    code[0] = 0x38600000u | (value & 0xFFFFu);      /* li r3, value */
    code[1] = 0x4E800020u;                          /* blr */
    __asm__ volatile("dcbst 0, %0\n\tsync" : : "r"(code) : "memory");
}

static void test_code(void)
{
    patch(0x1111);
    __asm__ volatile("icbi 0, %0\n\tisync" : : "r"(code) : "memory");
    isa_out(call_code(), "code.first");
    patch(0x2222);
    __asm__ volatile("icbi 0, %0\n\tisync" : : "r"(code) : "memory");
    isa_out(call_code(), "code.after_icbi");
    patch(0x3333);
    __asm__ volatile("iccci 0, %0\n\tisync" : : "r"(code) : "memory");
    isa_out(call_code(), "code.after_iccci");
    (void)isa_exc_report("code");
}

/* ---- invalid forms (words.S): r0 = the EA (rA = 0, rB = r0) ------------------------- */

void w_dcbz_rc(uint32_t r0);
void w_dcbz_rd(uint32_t r0);
void w_dcbi_rc(uint32_t r0);
void w_dccci_rc(uint32_t r0);
void w_iccci_rc(uint32_t r0);
void w_icbi_rd(uint32_t r0);
void w_dcbf_rd(uint32_t r0);
void w_icread_rd(uint32_t r0);
void w_dcread_rc(uint32_t r0);

static const struct {
    const char *name;
    void (*run)(uint32_t r0);
} words[] = {
    { "form.dcbz_rc", w_dcbz_rc },
    { "form.dcbz_rd", w_dcbz_rd },
    { "form.dcbi_rc", w_dcbi_rc },
    { "form.dccci_rc", w_dccci_rc },
    { "form.iccci_rc", w_iccci_rc },
    { "form.icbi_rd", w_icbi_rd },
    { "form.dcbf_rd", w_dcbf_rd },
    { "form.icread_rd", w_icread_rd },
    { "form.dcread_rc", w_dcread_rc },
};

static void test_words(void)
{
    unsigned i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        fill();
        words[i].run((uint32_t)(uintptr_t)&buf[30 * LINE + 4]);
        show(words[i].name, 30);
    }
}

void isa_main(void)
{
    MTSPR(SPR_DCCR, DCCR_RAM);
    MTSPR(SPR_ICCR, DCCR_RAM);
    MTSPR(SPR_DCWR, 0);
    MTSPR(SPR_CCR0, 0x00700000u);   /* CIS = 0: dcread/icread read data */
    isa_out(MFSPR(SPR_DCCR), "dccr");
    isa_out(MFSPR(SPR_ICCR), "iccr");
    test_dcbz();
    test_nochange();
    test_dcba();
    test_invalidate();
    test_read();
    test_code();
    test_words();
}

void isa_dump(void)
{
    fill();
    isa_out(isa_fnv(buf, BUF_SIZE), "state.buf_sum");
    isa_out(isa_fnv(code, sizeof(code)), "state.code_sum");
    isa_out(MFSPR(SPR_DCCR), "state.dccr");
    isa_out(MFSPR(SPR_ICCR), "state.iccr");
    isa_out(MFSPR(SPR_CCR0), "state.ccr0");
}
