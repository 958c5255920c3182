/*
 * isa_msr: the MSR group -- mfmsr, mtmsr, wrtee, wrteei, rfi, sc and
 * their invalid forms, in supervisor state, real mode.
 *
 * Baseline MSR = ME.  Every case starts from a known MSR (set exactly
 * through rfi, since mtmsr may not change ME), prints what it wrote and
 * what mfmsr reads back, and returns to the baseline.  PR, IR and DR are
 * never set (the guest stays in supervisor state, real mode); WE is never
 * set here (it waits for an interrupt: isa_exc covers it).  Lines named
 * `dev.*` record cases where QEMU's 405 model departs from the PPC405
 * manual (see tests/guests/README.md).
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_msr");

/* Every MSR bit the 405 defines, and the rest (reserved). */
#define MSR_DEFINED (MSR_AP | MSR_APE | MSR_WE | MSR_CE | MSR_EE | MSR_PR | MSR_FP | \
                     MSR_ME | MSR_FE0 | MSR_DWE | MSR_DE | MSR_FE1 | MSR_IR | MSR_DR)
#define MSR_RESERVED (~MSR_DEFINED)
/* Bits the guest may set freely (no state change beyond the bit). */
#define MSR_SAFE (MSR_CE | MSR_EE | MSR_FP | MSR_DWE | MSR_DE)

/* Markers left in ESR and DEAR: an interrupt that does not write them
 * must leave them so. */
#define ESR_MARK   ESR_DST
#define DEAR_MARK  0x5A5A0000u

/* MSR = v exactly, through rfi to the next instruction (rfi may change
 * ME).  Returns the MSR read right after. */
static uint32_t rfi_to(uint32_t srr1, uint32_t low)
{
    uint32_t t, msr;

    __asm__ volatile("lis %[t], 1f@ha\n\t"
                     "addi %[t], %[t], 1f@l\n\t"
                     "or %[t], %[t], %[low]\n\t"
                     "mtspr 26, %[t]\n\t"
                     "mtspr 27, %[s1]\n\t"
                     "rfi\n"
                     "1:\tmfmsr %[m]"
                     : [t] "=&b"(t), [m] "=r"(msr)
                     : [s1] "r"(srr1), [low] "r"(low)
                     : "memory");
    return msr;
}

static void msr_exact(uint32_t v)
{
    (void)rfi_to(v, 0);
}

static void baseline(void)
{
    msr_exact(MSR_ME);
}

static void marks(void)
{
    MTSPR(SPR_ESR, ESR_MARK);
    MTSPR(SPR_DEAR, DEAR_MARK);
}

/* ---- mfmsr ------------------------------------------------------------------ */

static void test_mfmsr(void)
{
    uint32_t a, b;

    isa_out(MFMSR(), "mfmsr.initial");
    msr_exact(MSR_ME | MSR_EE | MSR_DE);
    __asm__ volatile("mfmsr 0\n\tmr %0, 0" : "=r"(a) : : "r0", "memory");
    __asm__ volatile("mfmsr 31\n\tmr %0, 31" : "=r"(b) : : "r31", "memory");
    isa_out(a, "mfmsr.r0");
    isa_out(b, "mfmsr.r31");
    baseline();
}

/* ---- mtmsr ------------------------------------------------------------------ */

static void mtmsr_case(const char *name, uint32_t from, uint32_t v)
{
    uint32_t got;

    msr_exact(from);
    MTMSR(v);
    got = MFMSR();
    baseline();
    isa_out(from, "%s.from", name);
    isa_out(v, "%s.wrote", name);
    isa_out(got, "%s.read", name);
}

static void test_mtmsr(void)
{
    uint32_t a, b;

    mtmsr_case("mtmsr.ee", MSR_ME, MSR_ME | MSR_EE);
    mtmsr_case("mtmsr.ce", MSR_ME, MSR_ME | MSR_CE);
    mtmsr_case("mtmsr.fp", MSR_ME, MSR_ME | MSR_FP);
    mtmsr_case("mtmsr.dwe", MSR_ME, MSR_ME | MSR_DWE);
    mtmsr_case("mtmsr.de", MSR_ME, MSR_ME | MSR_DE);
    mtmsr_case("mtmsr.all_safe", MSR_ME, MSR_ME | MSR_SAFE);
    mtmsr_case("mtmsr.clear_safe", MSR_ME | MSR_SAFE, MSR_ME);
    mtmsr_case("mtmsr.clear_ee_keep", MSR_ME | MSR_SAFE, MSR_ME | MSR_CE | MSR_DE);
    /* Reserved bits (written as ones, with the safe bits). */
    mtmsr_case("mtmsr.reserved", MSR_ME, MSR_ME | MSR_RESERVED);
    mtmsr_case("mtmsr.reserved_safe", MSR_ME, MSR_ME | MSR_SAFE | MSR_RESERVED);
    /* QEMU: mtmsr never changes ME; the manual: it does. */
    mtmsr_case("dev.mtmsr.me_clear", MSR_ME, 0);
    mtmsr_case("dev.mtmsr.me_set", 0, MSR_ME);
    mtmsr_case("dev.mtmsr.me_clear_ee", MSR_ME, MSR_EE);
    /* QEMU: AP, APE, FE0, FE1 read 0; the manual defines them. */
    mtmsr_case("dev.mtmsr.ap", MSR_ME, MSR_ME | MSR_AP);
    mtmsr_case("dev.mtmsr.ape", MSR_ME, MSR_ME | MSR_APE);
    mtmsr_case("dev.mtmsr.fe0", MSR_ME, MSR_ME | MSR_FE0);
    mtmsr_case("dev.mtmsr.fe1", MSR_ME, MSR_ME | MSR_FE1);

    /* The source register: r0 and r31. */
    __asm__ volatile("lis 0, %1@h\n\tori 0, 0, %1@l\n\tmtmsr 0\n\tisync\n\tmfmsr %0"
                     : "=r"(a) : "i"(MSR_ME | MSR_EE | MSR_FP) : "r0", "memory");
    baseline();
    __asm__ volatile("lis 31, %1@h\n\tori 31, 31, %1@l\n\tmtmsr 31\n\tisync\n\tmfmsr %0"
                     : "=r"(b) : "i"(MSR_ME | MSR_CE | MSR_DWE) : "r31", "memory");
    baseline();
    isa_out(a, "mtmsr.r0.read");
    isa_out(b, "mtmsr.r31.read");
}

/* mtmsr rS with instruction bit 15 (the later architecture's L field)
 * set: 0x7C010124 | rS << 21, here rS = r0. */
#define MTMSR_L_R0 0x7C010124u

static void mtmsr_l_case(const char *name, uint32_t from, uint32_t v)
{
    uint32_t got;

    msr_exact(from);
    ISA_WORD_R0(MTMSR_L_R0, v);
    got = MFMSR();
    baseline();
    isa_out(from, "%s.from", name);
    isa_out(v, "%s.wrote", name);
    isa_out(got, "%s.read", name);
    (void)isa_exc_report(name);
}

static void test_mtmsr_l(void)
{
    /* QEMU: only EE is updated; the manual: bit 15 is reserved. */
    mtmsr_l_case("dev.mtmsr_l.set", MSR_ME, MSR_ME | MSR_EE | MSR_CE | MSR_DE | MSR_FP);
    mtmsr_l_case("dev.mtmsr_l.clear", MSR_ME | MSR_EE | MSR_CE | MSR_DE, MSR_ME);
}

/* ---- wrtee, wrteei ------------------------------------------------------------- */

static void wrtee_case(const char *name, uint32_t from, uint32_t v)
{
    uint32_t got;

    msr_exact(from);
    __asm__ volatile("wrtee %0" : : "r"(v) : "memory");
    got = MFMSR();
    baseline();
    isa_out(from, "%s.from", name);
    isa_out(v, "%s.wrote", name);
    isa_out(got, "%s.read", name);
}

static void test_wrtee(void)
{
    uint32_t a, b, c, d;

    wrtee_case("wrtee.set", MSR_ME, MSR_EE);
    wrtee_case("wrtee.clear", MSR_ME | MSR_EE, 0);
    wrtee_case("wrtee.ones", MSR_ME, 0xFFFFFFFFu);
    wrtee_case("wrtee.ones_but_ee", MSR_ME | MSR_EE | MSR_CE | MSR_DE, ~MSR_EE);
    wrtee_case("wrtee.keep_set", MSR_ME | MSR_EE | MSR_FP, MSR_EE);
    wrtee_case("wrtee.keep_clear", MSR_ME | MSR_DWE, 0);

    msr_exact(MSR_ME);
    __asm__ volatile("lis 0, 0\n\tori 0, 0, %1\n\twrtee 0\n\tmfmsr %0"
                     : "=r"(a) : "i"(MSR_EE) : "r0", "memory");
    __asm__ volatile("li 31, 0\n\twrtee 31\n\tmfmsr %0" : "=r"(b) : : "r31", "memory");
    msr_exact(MSR_ME | MSR_CE | MSR_FP);
    __asm__ volatile("wrteei 1\n\tmfmsr %0" : "=r"(c) : : "memory");
    __asm__ volatile("wrteei 0\n\tmfmsr %0" : "=r"(d) : : "memory");
    baseline();
    isa_out(a, "wrtee.r0.read");
    isa_out(b, "wrtee.r31.read");
    isa_out(c, "wrteei.1.read");
    isa_out(d, "wrteei.0.read");
    msr_exact(MSR_ME | MSR_EE | MSR_DE);
    __asm__ volatile("wrteei 1\n\tmfmsr %0" : "=r"(a) : : "memory");
    __asm__ volatile("wrteei 0\n\tmfmsr %0" : "=r"(b) : : "memory");
    __asm__ volatile("wrteei 0\n\tmfmsr %0" : "=r"(c) : : "memory");
    baseline();
    isa_out(a, "wrteei.1_when_set.read");
    isa_out(b, "wrteei.0_when_set.read");
    isa_out(c, "wrteei.0_when_clear.read");
}

/* ---- rfi ------------------------------------------------------------------------ */

static void rfi_case(const char *name, uint32_t srr1, uint32_t low)
{
    uint32_t got, s1;

    got = rfi_to(srr1, low);
    s1 = MFSPR(SPR_SRR1);
    baseline();
    isa_out(srr1, "%s.srr1", name);
    isa_out(got, "%s.msr", name);
    isa_out(s1, "%s.srr1_after", name);
}

static void test_rfi(void)
{
    rfi_case("rfi.me", MSR_ME, 0);
    rfi_case("rfi.me_ee", MSR_ME | MSR_EE, 0);
    rfi_case("rfi.safe", MSR_ME | MSR_SAFE, 0);
    rfi_case("rfi.zero", 0, 0);
    rfi_case("rfi.no_me_safe", MSR_SAFE, 0);
    rfi_case("rfi.reserved", MSR_ME | MSR_RESERVED, 0);
    rfi_case("rfi.srr0_low1", MSR_ME, 1);
    rfi_case("rfi.srr0_low3", MSR_ME | MSR_EE, 3);
    rfi_case("dev.rfi.ap_ape_fe", MSR_ME | MSR_AP | MSR_APE | MSR_FE0 | MSR_FE1, 0);
}

/* ---- sc --------------------------------------------------------------------------- */

static void sc_case(const char *name, uint32_t msr)
{
    uint32_t t, after;

    isa_out(msr, "%s.msr_before", name);
    msr_exact(msr);
    marks();
    __asm__ volatile(ISA_MARK "sc" : [t] "=&b"(t) : : "memory");
    after = MFMSR();
    baseline();
    (void)isa_exc_report(name);
    isa_out(after, "%s.msr_after", name);
}

static void test_sc(void)
{
    sc_case("sc.me", MSR_ME);
    sc_case("sc.ee", MSR_ME | MSR_EE);
    sc_case("sc.de_fp_dwe", MSR_ME | MSR_EE | MSR_DE | MSR_FP | MSR_DWE);
    sc_case("sc.no_me", 0);
    /* QEMU drops CE from SRR1 (the manual copies the whole MSR), so the
     * return loses CE. */
    sc_case("dev.sc.ce", MSR_ME | MSR_CE);
}

/* ---- invalid forms: program interrupt, ESR[PIL] ------------------------------------- */

/* words.S: one stub per word (ISA_STUB, the encodings are there), named
 * w_<name>; lines are
 * named form.<name>.  Most raise ESR[PIL]; QEMU executes a few of them
 * (the transcript shows which). */
#define WORDS(X) \
    X(mfmsr_ra)                 /* mfmsr r0 with rA = 3 */ \
    X(mfmsr_rb)                 /* rB = 4 */ \
    X(mfmsr_rc)                 /* bit 31 */ \
    X(mtmsr_ra)                 /* mtmsr r0 with rA = 2 */ \
    X(mtmsr_rb)                 /* rB = 4 */ \
    X(mtmsr_rc)                 /* bit 31 */ \
    X(wrtee_ra)                 /* wrtee r0 with rA = 2 */ \
    X(wrtee_rb)                 /* rB = 4 */ \
    X(wrtee_rc)                 /* bit 31 */ \
    X(wrteei_rd)                /* wrteei 1 with bits 6:10 = 1 */ \
    X(wrteei_ra)                /* bits 11:15 = 2 */ \
    X(wrteei_rc)                /* bit 31 */ \
    X(rfi_rs)                   /* rfi with bits 6:10 = 1 */ \
    X(rfi_rb)                   /* bits 16:20 = 4 */ \
    X(rfi_rc)                   /* bit 31 */ \
    X(sc_bit30)                 /* sc without bit 30 */ \
    X(sc_rc)                    /* sc with bit 31 */ \
    X(sc_lev)                   /* sc with the LEV field (bits 20:26) set */

#define DECLARE(n) void w_##n(uint32_t r0);
WORDS(DECLARE)

struct word_case {
    const char *name;
    void (*run)(uint32_t r0);
};

#define ENTRY(n) { "form." #n, w_##n },
static const struct word_case words[] = { WORDS(ENTRY) };

static void test_words(void)
{
    unsigned i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        uint32_t after;

        isa_out(ISA_STUB_WORD(words[i].run), "%s.word", words[i].name);
        baseline();
        marks();
        /* r0 = the baseline MSR: a word that executed as mtmsr or wrtee
         * would change nothing. */
        words[i].run(MSR_ME);
        after = MFMSR();
        (void)isa_exc_report(words[i].name);
        isa_out(after, "%s.msr_after", words[i].name);
    }
    baseline();
}

void isa_main(void)
{
    baseline();
    test_mfmsr();
    test_mtmsr();
    test_mtmsr_l();
    test_wrtee();
    test_rfi();
    test_sc();
    test_words();
    marks();
}
