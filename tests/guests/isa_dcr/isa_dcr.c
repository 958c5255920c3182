/*
 * isa_dcr: mfdcr/mtdcr, in supervisor state, real mode: the UIC0
 * registers at DCR 0xC0-0xC8 (SR, SRS, ER, CR, PR, TR, MSR, VR, VCR), the
 * register operands r0/r31, invalid forms and DCR numbers nothing
 * answers to.
 *
 * MSR[EE] and MSR[CE] stay clear from start to end: the UIC may assert
 * its outputs (status bits set through SRS with ER set) but the CPU never
 * takes an interrupt; SR and ER are cleared before the end.  Status bits
 * are set only for inputs 1-31: input 0 is UART0's, whose level the board
 * updates whenever the guest prints (a level-sensitive input that is low
 * clears its SR bit), so the bit would depend on the board's wiring, not
 * on the UIC.  Lines named `dev.*` record QEMU-vs-manual deviations.
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_dcr");

#define UIC_REGS(X) \
    X(sr,  0xC0) X(srs, 0xC1) X(er,  0xC2) X(cr,  0xC3) X(pr,  0xC4) \
    X(tr,  0xC5) X(msr, 0xC6) X(vr,  0xC7) X(vcr, 0xC8)

#define ACCESSORS(n, num) \
    static uint32_t get_##n(void) { return MFDCR(num); } \
    static void set_##n(uint32_t v) { MTDCR(num, v); }
UIC_REGS(ACCESSORS)

struct dcr {
    const char *name;
    unsigned num;
    uint32_t (*get)(void);
    void (*set)(uint32_t);
};

#define ENTRY(n, num) { #n, num, get_##n, set_##n },
static const struct dcr uic[] = { UIC_REGS(ENTRY) };
#define NUIC (sizeof(uic) / sizeof(uic[0]))
enum { SR, SRS, ER, CR, PR, TR, MSR, VR, VCR };

/* Status bits the guest sets: every input but UART0's (bit 0). */
#define SR_TEST 0x7FFFFFFFu

/* Every readable UIC register (SRS: see test_srs_read). */
static void show(const char *what)
{
    unsigned i;

    for (i = 0; i < NUIC; i++)
        if (i != SRS)
            isa_out(uic[i].get(), "%s.%s", what, uic[i].name);
}

/* Nothing pending, nothing enabled, everything non-critical, active
 * high, level-sensitive, vector base 0. */
static void quiet(void)
{
    MTDCR(DCR_UIC_ER, 0);
    MTDCR(DCR_UIC_CR, 0);
    MTDCR(DCR_UIC_PR, 0);
    MTDCR(DCR_UIC_TR, 0);
    MTDCR(DCR_UIC_VCR, 0);
    MTDCR(DCR_UIC_SR, 0xFFFFFFFFu);
}

/* Plain read/write registers: patterns and a walking bit, with SR = 0
 * (ER too is only a mask here: nothing is pending). */
static void test_rw(unsigned idx)
{
    const struct dcr *d = &uic[idx];
    unsigned p, bit;
    uint32_t kept = 0, other = 0, sr_seen = 0;

    for (p = 0; p < ISA_NPAT; p++) {
        d->set(isa_pat[p]);
        isa_out(d->get(), "%s.%s", d->name, isa_pat_name[p]);
        isa_out(MFDCR(DCR_UIC_SR), "%s.%s.sr", d->name, isa_pat_name[p]);
    }
    for (bit = 0; bit < 32; bit++) {
        uint32_t b = 1u << bit, got;

        d->set(b);
        got = d->get();
        kept |= got & b;
        other |= got & ~b;
        sr_seen |= MFDCR(DCR_UIC_SR);
    }
    isa_out(kept, "%s.walk_kept", d->name);
    isa_out(other, "%s.walk_other", d->name);
    isa_out(sr_seen, "%s.walk_sr", d->name);
    (void)isa_exc_report(d->name);
    quiet();
}

/* SR and SRS: set through SRS, clear through SR (write one to clear). */
static void test_status(void)
{
    unsigned p;

    for (p = 0; p < ISA_NPAT; p++) {
        MTDCR(DCR_UIC_SRS, isa_pat[p] & SR_TEST);
        isa_out(MFDCR(DCR_UIC_SR), "srs.set.%s", isa_pat_name[p]);
        isa_out(MFDCR(DCR_UIC_MSR), "srs.set.%s.msr", isa_pat_name[p]);
        MTDCR(DCR_UIC_SR, 0xFFFFFFFFu);
    }
    for (p = 0; p < ISA_NPAT; p++) {
        MTDCR(DCR_UIC_SRS, SR_TEST);
        MTDCR(DCR_UIC_SR, isa_pat[p]);
        isa_out(MFDCR(DCR_UIC_SR), "sr.w1c.%s", isa_pat_name[p]);
    }
    /* Cumulative: 0x0F0F0F0F, then SRS adds, SR removes. */
    MTDCR(DCR_UIC_SR, 0xFFFFFFFFu);
    MTDCR(DCR_UIC_SRS, 0x0F0F0F0Eu);
    MTDCR(DCR_UIC_SRS, 0x00FF0000u);
    isa_out(MFDCR(DCR_UIC_SR), "sr.cumulative.set");
    MTDCR(DCR_UIC_SR, 0x0000FFFFu);
    isa_out(MFDCR(DCR_UIC_SR), "sr.cumulative.clear");
    MTDCR(DCR_UIC_SR, 0xFFFFFFFFu);
    isa_out(MFDCR(DCR_UIC_SR), "sr.cleared");
    (void)isa_exc_report("status");
}

/* MSR = SR & ER; VR = VCR[VBA] + 512 x the position of the highest-
 * priority enabled critical source.  The manual: VCR[PRO] = 0 makes
 * SR[0] (the most significant bit) the highest priority, the offset
 * counting from that end; PRO = 1 the other way round.  QEMU: with
 * PRO = 0 it takes the least significant set bit and counts from there
 * (the manual's PRO = 1); with PRO = 1, VR = VBA whatever is pending.
 * So VR lines with a critical source pending are `dev.*`. */
static void test_masked(void)
{
    static const struct {
        const char *name;
        uint32_t sr, er, cr, vcr;
    } cases[] = {
        { "masked.none_enabled", 0x7FFFFFFFu, 0x00000000u, 0x00000000u, 0x00000000u },
        { "masked.some_enabled", 0x70F0F0F0u, 0xFF00FF00u, 0x00000000u, 0x00000000u },
        { "masked.noncrit_only", 0x0000FF00u, 0xFFFFFFFFu, 0x00FF00FFu, 0x12340000u },
        { "masked.crit_disabled", 0x40000001u, 0x3FFFFFFEu, 0x40000001u, 0x12340000u },
        { "dev.masked.crit_one", 0x00000800u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x00100000u },
        { "dev.masked.crit_one_pro", 0x00000800u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x00100001u },
        { "dev.masked.crit_two", 0x00018000u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x00100000u },
        { "dev.masked.crit_two_pro", 0x00018000u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0x00100001u },
        { "dev.masked.crit_ends", 0x40000001u, 0xFFFFFFFFu, 0x40000001u, 0xABCD0000u },
        { "dev.masked.crit_ends_pro", 0x40000001u, 0xFFFFFFFFu, 0x40000001u, 0xABCD0001u },
        { "dev.masked.crit_mixed", 0x0F0F0000u, 0x0FFF0000u, 0x00FFF000u, 0x00200000u },
    };
    unsigned i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MTDCR(DCR_UIC_CR, cases[i].cr);
        MTDCR(DCR_UIC_VCR, cases[i].vcr);
        MTDCR(DCR_UIC_ER, cases[i].er);
        MTDCR(DCR_UIC_SRS, cases[i].sr & SR_TEST);
        isa_out(MFDCR(DCR_UIC_SR), "%s.sr", cases[i].name);
        isa_out(MFDCR(DCR_UIC_MSR), "%s.msr", cases[i].name);
        isa_out(MFDCR(DCR_UIC_VR), "%s.vr", cases[i].name);
        quiet();
        isa_out(MFDCR(DCR_UIC_VR), "%s.vr_after", cases[i].name);
    }
    (void)isa_exc_report("masked");
}

/* A TR write leaves SR alone (inputs already latched stay); SRS reads
 * return SR (QEMU; the manual defines SRS for writing: `dev`); writes of
 * the read-only MSR and VR are ignored. */
static void test_quirks(void)
{
    MTDCR(DCR_UIC_SRS, 0x7FFF0000u);
    MTDCR(DCR_UIC_TR, 0xFF00FF00u);
    isa_out(MFDCR(DCR_UIC_SR), "tr_write.sr");
    quiet();
    MTDCR(DCR_UIC_SRS, 0x00C00300u);
    isa_out(MFDCR(DCR_UIC_SRS), "dev.srs_read");
    quiet();
    MTDCR(DCR_UIC_SRS, 0x0000000Fu);
    MTDCR(DCR_UIC_ER, 0x00000003u);
    MTDCR(DCR_UIC_MSR, 0xFFFFFFFFu);
    isa_out(MFDCR(DCR_UIC_MSR), "ro.msr_write");
    MTDCR(DCR_UIC_VR, 0xFFFFFFFFu);
    isa_out(MFDCR(DCR_UIC_VR), "ro.vr_write");
    quiet();
    (void)isa_exc_report("quirks");
}

/* Register operands r0 and r31. */
static void test_operands(void)
{
    uint32_t a, b;

    __asm__ volatile("lis 0, 0x1357\n\tori 0, 0, 0x9BDF\n\tmtdcr 0xc3, 0\n\t"
                     "li 0, 0\n\tmfdcr 0, 0xc3\n\tmr %0, 0" : "=r"(a) : : "r0", "memory");
    __asm__ volatile("lis 31, 0x2468\n\tori 31, 31, 0xACE0\n\tmtdcr 0xc4, 31\n\t"
                     "li 31, 0\n\tmfdcr 31, 0xc4\n\tmr %0, 31" : "=r"(b) : : "r31", "memory");
    isa_out(a, "operand.cr.r0");
    isa_out(b, "operand.pr.r31");
    quiet();
}

/* Unregistered DCR numbers and invalid forms (words.S). */
void w_mfdcr_000(uint32_t r0);
void w_mtdcr_000(uint32_t r0);
void w_mfdcr_001(uint32_t r0);
void w_mtdcr_0bf(uint32_t r0);
void w_mfdcr_0c9(uint32_t r0);
void w_mtdcr_0c9(uint32_t r0);
void w_mfdcr_0ff(uint32_t r0);
void w_mtdcr_200(uint32_t r0);
void w_mfdcr_3ff(uint32_t r0);
void w_mtdcr_3ff(uint32_t r0);
void w_mfdcr_rc(uint32_t r0);
void w_mtdcr_rc(uint32_t r0);
void w_mfdcrx(uint32_t r0);
void w_mtdcrx(uint32_t r0);

static const struct {
    const char *name;
    void (*run)(uint32_t r0);
} words[] = {
    { "unreg.mfdcr_000", w_mfdcr_000 },
    { "unreg.mtdcr_000", w_mtdcr_000 },
    { "unreg.mfdcr_001", w_mfdcr_001 },
    { "unreg.mtdcr_0bf", w_mtdcr_0bf },
    { "unreg.mfdcr_0c9", w_mfdcr_0c9 },
    { "unreg.mtdcr_0c9", w_mtdcr_0c9 },
    { "unreg.mfdcr_0ff", w_mfdcr_0ff },
    { "unreg.mtdcr_200", w_mtdcr_200 },
    { "unreg.mfdcr_3ff", w_mfdcr_3ff },
    { "unreg.mtdcr_3ff", w_mtdcr_3ff },
    { "form.mfdcr_rc", w_mfdcr_rc },     /* mfdcr r0, 0xC3 with bit 31 */
    { "form.mtdcr_rc", w_mtdcr_rc },     /* mtdcr 0xC3, r0 with bit 31 */
    { "form.mfdcrx", w_mfdcrx },         /* 440 indirect forms */
    { "form.mtdcrx", w_mtdcrx },
};

static void test_words(void)
{
    unsigned i;

    MTDCR(DCR_UIC_CR, 0x11111111u);
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        words[i].run(0xC0C0C0C0u);
        (void)isa_exc_report(words[i].name);
    }
    isa_out(MFDCR(DCR_UIC_CR), "words.cr_after");
    quiet();
}

void isa_main(void)
{
    quiet();
    show("quiet");
    test_rw(ER);
    test_rw(CR);
    test_rw(PR);
    test_rw(TR);
    test_rw(VCR);
    test_status();
    test_masked();
    test_quirks();
    test_operands();
    test_words();
}

void isa_dump(void)
{
    quiet();
    MTDCR(DCR_UIC_CR, 0x0000FFFFu);
    MTDCR(DCR_UIC_PR, 0xFFFF0000u);
    MTDCR(DCR_UIC_TR, 0x00FF00FFu);
    MTDCR(DCR_UIC_VCR, 0x00ABC001u);
    show("state");
}
