/*
 * isa_spr: mfspr/mtspr of every privileged 405 SPR, in supervisor state,
 * real mode.
 *
 * Each register is written with the operand patterns 0, all ones,
 * 0xAAAAAAAA, 0x55555555 (ANDed with the register's write mask: the bits
 * a write may set without side effects) and read back; then a walking
 * bit (32 writes) summarised in two lines: the bits that were kept, and
 * any bit that appeared other than the one written.  The SPRG4-7 values
 * are read through their read-only numbers 260-263 as well.  Special
 * cases: DBSR and TSR are write-one-to-clear, PIT and the time base are
 * written but never read (time), SLER is only written 0, DBCR0/DBCR1
 * never get RST or a debug event, TCR never WRC/WIE/PIE/FIE.
 * Unimplemented SPR numbers are no-ops in supervisor state (mfspr leaves
 * rD unchanged).  Lines named `dev.*` record QEMU-vs-manual deviations.
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_spr");

/* DBCR0: EDM IDM, the range/toggle modifiers IA12 IA12X IA34 IA34X IA12T
 * IA34T, reserved bits 18:30 and FT -- never RST (2:3) nor an event
 * (IC BT EDE TDE IA1 IA2 IA3 IA4). */
#define DBCR0_SAFE  0xC033FFFFu
/* DBCR1: everything but the DAC events D1R D2R D1W D2W. */
#define DBCR1_SAFE  0x0FFFFFFFu
/* TCR: WP, FP, ARE and the reserved bits; never WRC, WIE, PIE, FIE. */
#define TCR_SAFE    0xC37FFFFFu
#define TCR_WP3     0xC0000000u     /* longest watchdog period */

#define CCR0_INIT   0x00700000u

/* name, number, write mask, read-only alias (0: none) */
#define SPRS(X) \
    X(srr0,   26,   0xFFFFFFFFu, 0) \
    X(srr1,   27,   0xFFFFFFFFu, 0) \
    X(srr2,   990,  0xFFFFFFFFu, 0) \
    X(srr3,   991,  0xFFFFFFFFu, 0) \
    X(sprg0,  272,  0xFFFFFFFFu, 0) \
    X(sprg1,  273,  0xFFFFFFFFu, 0) \
    X(sprg2,  274,  0xFFFFFFFFu, 0) \
    X(sprg3,  275,  0xFFFFFFFFu, 0) \
    X(sprg4,  276,  0xFFFFFFFFu, 260) \
    X(sprg5,  277,  0xFFFFFFFFu, 261) \
    X(sprg6,  278,  0xFFFFFFFFu, 262) \
    X(sprg7,  279,  0xFFFFFFFFu, 263) \
    X(evpr,   982,  0xFFFFFFFFu, 0) \
    X(esr,    980,  0xFFFFFFFFu, 0) \
    X(dear,   981,  0xFFFFFFFFu, 0) \
    X(pid,    945,  0xFFFFFFFFu, 0) \
    X(zpr,    944,  0xFFFFFFFFu, 0) \
    X(ccr0,   947,  0xFFFFFFFFu, 0) \
    X(dccr,   1018, 0xFFFFFFFFu, 0) \
    X(iccr,   1019, 0xFFFFFFFFu, 0) \
    X(dcwr,   954,  0xFFFFFFFFu, 0) \
    X(sgr,    953,  0xFFFFFFFFu, 0) \
    X(su0r,   956,  0xFFFFFFFFu, 0) \
    X(sler,   955,  0x00000000u, 0) \
    X(dbcr0,  1010, DBCR0_SAFE,  0) \
    X(dbcr1,  957,  DBCR1_SAFE,  0) \
    X(dbsr,   1008, 0xFFFFFFFFu, 0) \
    X(dac1,   1014, 0xFFFFFFFFu, 0) \
    X(dac2,   1015, 0xFFFFFFFFu, 0) \
    X(dvc1,   950,  0xFFFFFFFFu, 0) \
    X(dvc2,   951,  0xFFFFFFFFu, 0) \
    X(iac1,   1012, 0xFFFFFFFFu, 0) \
    X(iac2,   1013, 0xFFFFFFFFu, 0) \
    X(iac3,   948,  0xFFFFFFFFu, 0) \
    X(iac4,   949,  0xFFFFFFFFu, 0) \
    X(tcr,    986,  TCR_SAFE,    0)

#define ACCESSORS(n, num, mask, alias) \
    static uint32_t get_##n(void) { return MFSPR(num); } \
    static void set_##n(uint32_t v) { MTSPR(num, v); } \
    static uint32_t alias_##n(void) { return (alias) ? MFSPR((alias) ? (alias) : 272) : 0u; }
SPRS(ACCESSORS)

struct spr {
    const char *name;
    unsigned num;
    uint32_t mask;
    unsigned alias;
    uint32_t (*get)(void);
    void (*set)(uint32_t);
    uint32_t (*get_alias)(void);
};

#define ENTRY(n, num, mask, alias) { #n, num, mask, alias, get_##n, set_##n, alias_##n },
static const struct spr sprs[] = { SPRS(ENTRY) };
#define NSPRS (sizeof(sprs) / sizeof(sprs[0]))

/* Write, read back at once, and put back a value that keeps the machine
 * as it was (EVPR: the vectors; CCR0: its initial value). */
static uint32_t write_read(const struct spr *s, uint32_t v)
{
    uint32_t got;

    s->set(v);
    got = s->get();
    if (s->num == SPR_EVPR)
        MTSPR(SPR_EVPR, 0);
    return got;
}

static void test_patterns(const struct spr *s)
{
    unsigned p, bit;
    uint32_t kept = 0, other = 0;

    isa_out(s->mask, "%s.mask", s->name);
    for (p = 0; p < ISA_NPAT; p++) {
        uint32_t got = write_read(s, isa_pat[p] & s->mask);

        isa_out(got, "%s.%s", s->name, isa_pat_name[p]);
        if (s->alias != 0u)
            isa_out(s->get_alias(), "%s.%s.spr%u", s->name, isa_pat_name[p], s->alias);
    }
    for (bit = 0; bit < 32; bit++) {
        uint32_t b = 1u << bit, got;

        if ((s->mask & b) == 0u)
            continue;
        got = write_read(s, b);
        kept |= got & b;
        other |= got & ~b;
    }
    isa_out(kept, "%s.walk_kept", s->name);
    isa_out(other, "%s.walk_other", s->name);
    (void)isa_exc_report(s->name);
}

/* The value each register holds at the end (the state dump). */
static uint32_t final_value(const struct spr *s)
{
    if (s->num == SPR_EVPR)
        return 0;
    if (s->num == SPR_CCR0)
        return CCR0_INIT;
    if (s->num == SPR_TCR)
        return TCR_WP3;
    return (0x5A5A0000u | s->num) & s->mask;
}

/* ---- register operands: r0 and r31 ------------------------------------------ */

static void test_operands(void)
{
    uint32_t a, b;

    __asm__ volatile("lis 0, 0x1234\n\tori 0, 0, 0x5678\n\tmtspr 272, 0\n\t"
                     "li 0, 0\n\tmfspr 0, 272\n\tmr %0, 0" : "=r"(a) : : "r0", "memory");
    __asm__ volatile("lis 31, 0x8765\n\tori 31, 31, 0x4321\n\tmtspr 980, 31\n\t"
                     "li 31, 0\n\tmfspr 31, 980\n\tmr %0, 31" : "=r"(b) : : "r31", "memory");
    isa_out(a, "operand.sprg0.r0");
    isa_out(b, "operand.esr.r31");
}

/* ---- TSR, PIT, time base -------------------------------------------------------- */

static void test_timers(void)
{
    unsigned p;

    /* The longest watchdog period: no expiry while the test runs.  TSR[FIS]
     * is masked out of every TSR value printed: the 405's FIT runs whatever
     * TCR[FIE] says (the manual: every 2^9 to 2^21 ticks), so FIS is time. */
    MTSPR(SPR_TCR, TCR_WP3);
    MTSPR(SPR_TSR, TSR_ALL);
    isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "tsr.cleared");
    for (p = 0; p < ISA_NPAT; p++) {
        MTSPR(SPR_TSR, isa_pat[p]);
        isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "tsr.w1c.%s", isa_pat_name[p]);
    }
    /* QEMU: each TCR write steps the watchdog state machine (sets ENW,
     * then WIS); the 405 changes TSR only when the period elapses. */
    MTSPR(SPR_TCR, TCR_WP3);
    isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "dev.tsr.after_tcr_write1");
    MTSPR(SPR_TCR, TCR_WP3);
    isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "dev.tsr.after_tcr_write2");
    MTSPR(SPR_TSR, TSR_ENW);
    isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "dev.tsr.after_clear_enw");
    MTSPR(SPR_TSR, TSR_ALL);
    isa_out(MFSPR(SPR_TSR) & ~TSR_FIS, "tsr.after_clear_all");

    /* PIT: written only (TCR[PIE] = 0); a read depends on time. */
    for (p = 0; p < ISA_NPAT; p++)
        MTSPR(SPR_PIT, isa_pat[p]);
    MTSPR(SPR_PIT, 0);
    /* Time base: written only (284/285); never read back. */
    MTSPR(SPR_TBL_W, 0);
    MTSPR(SPR_TBU_W, 0x00000001u);
    MTSPR(SPR_TBL_W, 0xFFFFFFFFu);
    MTSPR(SPR_TBU_W, 0);
    (void)isa_exc_report("timers");
}

/* ---- read-only and unimplemented numbers ----------------------------------------- */

#define MFSPR_KEEP(n, v) ({ uint32_t v_ = (v); \
    __asm__ volatile("mfspr %0, %1" : "+r"(v_) : "i"(n) : "memory"); v_; })

#define UNIMPL(X) X(16) X(25) X(48) X(304) X(336) X(528) X(880) X(1023)

static void test_unimplemented(void)
{
    uint32_t mark = 0xC0DE0000u;

    isa_out(MFSPR(SPR_PVR), "pvr");
#define UNIMPL_CASE(n) \
    MTSPR(n, 0xFFFFFFFFu); \
    isa_out(MFSPR_KEEP(n, mark | n), "unimpl.%u.mfspr", (unsigned)(n)); \
    (void)isa_exc_report("unimpl." #n);
    UNIMPL(UNIMPL_CASE)
}

/* mtspr to the read-only SPRG4 number, mfspr/mtspr of SPR 0: QEMU raises
 * a privileged-operation program interrupt in supervisor state. */
void w_mtspr_260(uint32_t r0);
void w_mfspr_0(uint32_t r0);
void w_mtspr_0(uint32_t r0);
void w_mtspr_268(uint32_t r0);

static void test_traps(void)
{
    MTSPR(SPR_SPRG4, 0x44444444u);
    w_mtspr_260(0x12345678u);
    (void)isa_exc_report("dev.mtspr_260");
    isa_out(MFSPR(SPR_SPRG4), "dev.mtspr_260.sprg4");
    w_mfspr_0(0);
    (void)isa_exc_report("dev.mfspr_0");
    w_mtspr_0(0);
    (void)isa_exc_report("dev.mtspr_0");
    w_mtspr_268(0);
    (void)isa_exc_report("dev.mtspr_268");
}

void isa_main(void)
{
    unsigned i;

    MTSPR(SPR_DBCR0, 0);
    MTSPR(SPR_DBCR1, 0);
    MTSPR(SPR_DBSR, 0xFFFFFFFFu);
    MTSPR(SPR_TCR, TCR_WP3);
    for (i = 0; i < NSPRS; i++)
        test_patterns(&sprs[i]);
    test_operands();
    test_timers();
    test_unimplemented();
    test_traps();
    MTSPR(SPR_ESR, 0);
    MTSPR(SPR_CCR0, CCR0_INIT);
}

/* The final values, then the dump. */
void isa_dump(void)
{
    unsigned i;

    for (i = 0; i < NSPRS; i++)
        sprs[i].set(final_value(&sprs[i]));
    /* SRR0, SRR1, ESR, DEAR and EVPR follow in the common dump. */
    for (i = 0; i < NSPRS; i++) {
        unsigned n = sprs[i].num;

        if (n != SPR_SRR0 && n != SPR_SRR1 && n != SPR_ESR && n != SPR_DEAR && n != SPR_EVPR)
            isa_out(sprs[i].get(), "state.%s", sprs[i].name);
    }
}
