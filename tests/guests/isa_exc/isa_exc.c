/*
 * isa_exc: exceptions raised in supervisor state, real mode, and taken by
 * the guest's own vectors:
 *   - program: illegal and reserved opcodes, tw/twi with every condition
 *     class (trapping or not), ESR[PIL] / ESR[PTR];
 *   - alignment: lwarx/stwcx. on unaligned addresses (DEAR = EA), and
 *     unaligned ordinary loads and stores (no interrupt on the 405);
 *   - system call, with the vectors at 0 and at a relocated EVPR;
 *   - PIT: taken while spinning on a memory flag (one-shot and auto-
 *     reload), taken at once when a pending PIT is enabled by wrteei,
 *     wrtee, mtmsr or rfi, and ending a wait state (MSR[WE]);
 *   - external input through the UIC (a status bit set through SRS),
 *     delivered when MSR[EE] is enabled; critical input through the UIC,
 *     delivered when MSR[CE] is enabled (returned from with rfi, since
 *     rfci aborts QEMU under -icount); both pending at once.
 *
 * Asynchronous interrupts are printed only by facts that do not depend
 * on timing: vector, ESR, DEAR, SRR1, and the offset of SRR0 from the
 * instruction that enabled delivery (taken at once: deterministic); an
 * interrupt taken in a spin loop records off = 0xffffffff instead, and the
 * number of spin iterations is never printed.  Lines named `dev.*` record
 * QEMU-vs-manual deviations.
 */
#include "../isa_common/isa.h"

ISA_GUEST("isa_exc");

#define ESR_MARK    ESR_DIZ
#define DEAR_MARK   0x0DEA0000u
#define TCR_WP3     0xC0000000u     /* longest watchdog period, nothing else */
#define OFF_SPIN    0xFFFFFFFFu     /* interrupt taken in a spin loop */
#define PIT_SHORT   3333u           /* 10 us of time base */

#define UIC_EXT_BIT  0x00000100u    /* input 23: nothing drives it */
#define UIC_CRIT_BIT 0x00000200u    /* input 22 */

static void marks(void)
{
    MTSPR(SPR_ESR, ESR_MARK);
    MTSPR(SPR_DEAR, DEAR_MARK);
}

/* ---- asynchronous interrupts: the handler side ---------------------------------- */

static volatile unsigned pit_count, pit_target, ext_count, crit_count;
static volatile int spin_mode;          /* off is recorded as OFF_SPIN */
static volatile uint32_t pit_raw_srr1;  /* SRR1 as the PIT interrupt left it */
static volatile uint32_t crit_raw_srr3;

static void pit_stop(void)
{
    MTSPR(SPR_TCR, TCR_WP3);
    MTSPR(SPR_PIT, 0);
    /* ENW as well: on QEMU only a TSR write with ENW withdraws a PIT
     * interrupt already latched. */
    MTSPR(SPR_TSR, TSR_ENW | TSR_PIS);
}

int isa_async(uint32_t vec, struct isa_exc *e)
{
    switch (vec) {
    case VEC_PIT:
        pit_raw_srr1 = e->srr1;
        /* The manual keeps WE in SRR1 (rfi would wait again): clear it,
         * and log SRR1 without it. */
        e->srr1 &= ~MSR_WE;
        MTSPR(SPR_SRR1, e->srr1);
        MTSPR(SPR_TSR, TSR_ENW | TSR_PIS);
        if (++pit_count >= pit_target)
            pit_stop();
        break;
    case VEC_EXTERNAL:
        MTDCR(DCR_UIC_ER, MFDCR(DCR_UIC_ER) & ~UIC_EXT_BIT);
        MTDCR(DCR_UIC_SR, UIC_EXT_BIT);
        ext_count++;
        break;
    case VEC_CRITICAL: {
        /* Critical class: SRR2/SRR3.  Log them in place of SRR0/SRR1 and
         * return with rfi through SRR0/SRR1, CE set again (QEMU drops CE
         * from SRR3; the manual keeps it). */
        uint32_t srr2 = MFSPR(SPR_SRR2), srr3 = MFSPR(SPR_SRR3);

        crit_raw_srr3 = srr3;
        e->off = srr2 - isa_site_word;
        e->srr1 = srr3;
        MTDCR(DCR_UIC_ER, MFDCR(DCR_UIC_ER) & ~UIC_CRIT_BIT);
        MTDCR(DCR_UIC_SR, UIC_CRIT_BIT);
        MTSPR(SPR_SRR0, srr2);
        MTSPR(SPR_SRR1, srr3 | MSR_CE);
        crit_count++;
        break;
    }
    default:
        return 0;
    }
    if (spin_mode)
        e->off = OFF_SPIN;
    return 1;
}

/* ---- program and alignment (words.S: r0 = the operand) ----------------------------- */

#define WORDS(X) \
    X(ill_opcode_0) X(ill_opcode_5) X(ill_opcode_6) X(ill_opcode_22) \
    X(ill_opcode_56) X(ill_opcode_62) X(ill_x31_xo1) X(ill_x31_xo1019) X(ill_x19_xo2) \
    X(dev_dlmzb) \
    X(tw_always) X(tw_eq_self) X(tw_lt_self) X(tw_never) \
    X(twi_lt) X(twi_gt) X(twi_eq) X(twi_llt) X(twi_lgt) X(twi_never) \
    X(lwarx) X(stwcx) X(lwzx) X(stwx) X(lhzx) X(stmw)
#define DECLARE(n) void w_##n(uint32_t r0);
WORDS(DECLARE)
uint32_t w_lmw(uint32_t ea);
void w_resv_stwcx(uint32_t ea);

struct word_case {
    const char *name;
    void (*run)(uint32_t r0);
    uint32_t r0;
};

static uint32_t scratch[16] __attribute__((aligned(32)));

static void run_cases(const struct word_case *c, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++) {
        marks();
        c[i].run(c[i].r0);
        (void)isa_exc_report(c[i].name);
    }
}

static void test_program(void)
{
    static const struct word_case cases[] = {
        { "ill.opcode_0", w_ill_opcode_0, 0 },
        { "ill.opcode_5", w_ill_opcode_5, 0 },
        { "ill.opcode_6", w_ill_opcode_6, 0 },
        { "ill.opcode_22", w_ill_opcode_22, 0 },
        { "ill.opcode_56", w_ill_opcode_56, 0 },
        { "ill.opcode_62", w_ill_opcode_62, 0 },
        { "ill.x31_xo1", w_ill_x31_xo1, 0 },
        { "ill.x31_xo1019", w_ill_x31_xo1019, 0 },
        { "ill.x19_xo2", w_ill_x19_xo2, 0 },
        /* A 405 instruction that QEMU 7.2 treats as illegal. */
        { "dev.dlmzb", w_dev_dlmzb, 0x41420000u },
        { "trap.tw_always", w_tw_always, 0 },
        { "trap.tw_eq_self", w_tw_eq_self, 5 },
        { "trap.tw_lt_self", w_tw_lt_self, 5 },
        { "trap.tw_never", w_tw_never, 5 },
        { "trap.twi_lt_true", w_twi_lt, 0xFFFFFFFFu },
        { "trap.twi_lt_false", w_twi_lt, 5 },
        { "trap.twi_gt_true", w_twi_gt, 7 },
        { "trap.twi_gt_false", w_twi_gt, 3 },
        { "trap.twi_eq_true", w_twi_eq, 0x1234 },
        { "trap.twi_eq_false", w_twi_eq, 0x1235 },
        { "trap.twi_llt_true", w_twi_llt, 1 },
        { "trap.twi_llt_false", w_twi_llt, 0xFFFFFFFFu },
        { "trap.twi_lgt_true", w_twi_lgt, 0xFFFFFFFFu },
        { "trap.twi_lgt_false", w_twi_lgt, 0 },
        { "trap.twi_never", w_twi_never, 0 },
    };

    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_alignment(void)
{
    uint32_t base = (uint32_t)(uintptr_t)scratch;
    const struct word_case cases[] = {
        { "align.lwarx_1", w_lwarx, base + 1 },
        { "align.lwarx_2", w_lwarx, base + 2 },
        { "align.lwarx_aligned", w_lwarx, base + 4 },
        /* QEMU takes no alignment interrupt for stwcx., with or without
         * a reservation (the store fails); the 405 does. */
        { "dev.align.stwcx_2", w_stwcx, base + 2 },
        { "dev.align.stwcx_resv_2", w_resv_stwcx, base + 8 },
        { "align.lwzx_3", w_lwzx, base + 3 },
        { "align.stwx_1", w_stwx, base + 9 },
        { "align.lhzx_1", w_lhzx, base + 13 },
        { "align.stmw_2", w_stmw, base + 18 },
    };
    unsigned i;

    for (i = 0; i < 16; i++)
        scratch[i] = 0x10203040u * (i + 1);
    run_cases(cases, sizeof(cases) / sizeof(cases[0]));
    marks();
    isa_out(w_lmw(base + 21), "align.lmw_1.r31");
    (void)isa_exc_report("align.lmw_1");
    isa_out(isa_fnv(scratch, sizeof(scratch)), "align.scratch_sum");
}

/* ---- system call with the vectors moved --------------------------------------------- */

extern const uint8_t isa_vectors[];
#define VEC_TABLE_SIZE 0x2100u
static uint8_t alt_vectors[VEC_TABLE_SIZE] __attribute__((aligned(0x10000)));

static void sc_marked(void)
{
    uint32_t t;

    __asm__ volatile(ISA_MARK "sc" : [t] "=&b"(t) : : "memory");
}

static void test_syscall(void)
{
    unsigned i;
    uint32_t alt = (uint32_t)(uintptr_t)alt_vectors;

    marks();
    sc_marked();
    (void)isa_exc_report("sc.evpr0");

    /* The vector stubs branch absolutely: a copy works anywhere. */
    for (i = 0x100; i < VEC_TABLE_SIZE; i++)
        alt_vectors[i] = isa_vectors[i];
    for (i = 0; i < VEC_TABLE_SIZE; i += 32)
        __asm__ volatile("dcbst 0, %0" : : "r"(&alt_vectors[i]) : "memory");
    SYNC();
    for (i = 0; i < VEC_TABLE_SIZE; i += 32)
        __asm__ volatile("icbi 0, %0" : : "r"(&alt_vectors[i]) : "memory");
    ISYNC();
    MTSPR(SPR_EVPR, alt);
    marks();
    sc_marked();
    w_tw_always(0);
    MTSPR(SPR_EVPR, 0);
    (void)isa_exc_report("sc.evpr_alt");
    isa_out(alt, "sc.evpr_alt.evpr");

    /* Entry MSR: QEMU enters with ME only; the 405 keeps CE and DE. */
    marks();
    __asm__ volatile("lis 3, 1f@ha\n\taddi 3, 3, 1f@l\n\tmtspr 26, 3\n\t"
                     "lis 3, %0@h\n\tori 3, 3, %0@l\n\tmtspr 27, 3\n\trfi\n1:"
                     : : "i"(MSR_ME | MSR_DE | MSR_EE) : "r3", "memory");
    sc_marked();
    MTMSR(MSR_ME);
    (void)isa_exc_report("sc.de_ee");
    isa_out(isa_entry_msr, "dev.sc.de_ee.entry_msr");
}

/* ---- PIT ------------------------------------------------------------------------------ */

static void pit_arm(uint32_t tcr, uint32_t ticks, unsigned target)
{
    pit_count = 0;
    pit_target = target;
    MTSPR(SPR_TSR, TSR_ALL);
    MTSPR(SPR_TCR, tcr);
    MTSPR(SPR_PIT, ticks);
}

static void spin_until(volatile unsigned *count, unsigned n)
{
    while (*count < n)
        continue;
}

/* Interrupts enabled, wait on the counter in memory. */
static void pit_spin(const char *name, uint32_t tcr, unsigned target)
{
    marks();
    spin_mode = 1;
    pit_arm(tcr, PIT_SHORT, target);
    MTMSR(MSR_ME | MSR_EE);
    spin_until(&pit_count, target);
    MTMSR(MSR_ME);
    spin_mode = 0;
    (void)isa_exc_report(name);
    isa_out(pit_count, "%s.count", name);
    isa_out(MFSPR(SPR_TCR), "%s.tcr_after", name);
}

/* Arm with EE off, wait until TSR[PIS] shows the expiry (the interrupt is
 * pending), then enable with the instruction under test: the interrupt is
 * taken right after it. */
static void pit_pending(void)
{
    marks();
    pit_arm(TCR_WP3 | TCR_PIE, PIT_SHORT, 1);
    while ((MFSPR(SPR_TSR) & TSR_PIS) == 0u)
        continue;
}

static void test_pit(void)
{
    uint32_t t;

    pit_spin("pit.spin_oneshot", TCR_WP3 | TCR_PIE, 1);
    pit_spin("pit.spin_autoreload", TCR_WP3 | TCR_PIE | TCR_ARE, 3);

    pit_pending();
    __asm__ volatile(ISA_MARK "wrteei 1" : [t] "=&b"(t) : : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("pit.enable_wrteei");

    pit_pending();
    __asm__ volatile(ISA_MARK "wrtee %[v]" : [t] "=&b"(t) : [v] "r"(MSR_EE) : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("pit.enable_wrtee");

    pit_pending();
    __asm__ volatile(ISA_MARK "mtmsr %[v]" : [t] "=&b"(t) : [v] "r"(MSR_ME | MSR_EE) : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("pit.enable_mtmsr");

    /* rfi to the next instruction with EE in SRR1: taken at the target. */
    pit_pending();
    __asm__ volatile("lis %[t], 9999f@ha\n\t"
                     "addi %[t], %[t], 9999f@l\n\t"
                     "stw %[t], 0x80(0)\n\t"
                     "mtspr 26, %[t]\n\t"
                     "mtspr 27, %[v]\n\t"
                     "rfi\n"
                     "9999:"
                     : [t] "=&b"(t) : [v] "r"(MSR_ME | MSR_EE) : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("pit.enable_rfi");

    /* Still masked: nothing taken while EE stays clear. */
    pit_pending();
    __asm__ volatile(ISA_MARK "wrteei 0" : [t] "=&b"(t) : : "memory");
    (void)isa_exc_report("pit.masked");
    isa_out((MFSPR(SPR_TSR) & TSR_PIS) != 0u, "pit.masked.pis");
    pit_stop();

    /* Wait state: armed, then EE and WE together; the interrupt ends the
     * wait and SRR0 is the instruction after the mtmsr either way. */
    marks();
    pit_arm(TCR_WP3 | TCR_PIE, PIT_SHORT, 1);
    __asm__ volatile(ISA_MARK "mtmsr %[v]\n\tisync"
                     : [t] "=&b"(t) : [v] "r"(MSR_ME | MSR_EE | MSR_WE) : "memory");
    t = MFMSR();
    MTMSR(MSR_ME);
    (void)isa_exc_report("pit.wait");
    isa_out(t, "pit.wait.msr_after");
    isa_out(pit_raw_srr1 & MSR_WE, "dev.pit.wait.srr1_we");
}

/* ---- UIC: external and critical input --------------------------------------------------- */

static void uic_quiet(void)
{
    MTDCR(DCR_UIC_ER, 0);
    MTDCR(DCR_UIC_CR, 0);
    MTDCR(DCR_UIC_PR, 0);
    MTDCR(DCR_UIC_TR, 0);
    MTDCR(DCR_UIC_VCR, 0);
    MTDCR(DCR_UIC_SR, 0xFFFFFFFFu);
}

static void test_uic(void)
{
    uint32_t t;

    uic_quiet();
    /* Both pending, both enabled by one mtmsr: QEMU takes the external
     * one first (the 405 the critical one), and its return drops CE
     * (SRR1 loses CE), so a second mtmsr enables CE again. */
    marks();
    ext_count = 0;
    crit_count = 0;
    MTDCR(DCR_UIC_CR, UIC_CRIT_BIT);
    MTDCR(DCR_UIC_ER, UIC_EXT_BIT | UIC_CRIT_BIT);
    MTDCR(DCR_UIC_SRS, UIC_EXT_BIT | UIC_CRIT_BIT);
    __asm__ volatile(ISA_MARK "mtmsr %[v]\n\tisync\n\t"
                     ISA_MARK "mtmsr %[v]\n\tisync"
                     : [t] "=&b"(t) : [v] "r"(MSR_ME | MSR_CE | MSR_EE) : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("dev.both_pending");
    isa_out(ext_count, "both_pending.ext_count");
    isa_out(crit_count, "both_pending.crit_count");
    uic_quiet();

    /* The single cases come last, critical before external, so that the
     * state dump's SRR0-SRR3 come from them, not from the both-pending
     * case, whose order is a QEMU deviation. */
    /* Critical: pending with CE clear, then mtmsr CE. */
    marks();
    crit_count = 0;
    MTDCR(DCR_UIC_CR, UIC_CRIT_BIT);
    MTDCR(DCR_UIC_ER, UIC_CRIT_BIT);
    MTDCR(DCR_UIC_SRS, UIC_CRIT_BIT);
    __asm__ volatile(ISA_MARK "mtmsr %[v]\n\tisync"
                     : [t] "=&b"(t) : [v] "r"(MSR_ME | MSR_CE) : "memory");
    t = MFMSR();
    MTMSR(MSR_ME);
    /* SRR3 (logged as srr1) lacks CE on QEMU. */
    (void)isa_exc_report("dev.crit.enable_mtmsr");
    isa_out(t, "crit.msr_after");
    isa_out(crit_count, "crit.count");
    isa_out(crit_raw_srr3 & ~MSR_CE, "crit.srr3_but_ce");
    uic_quiet();

    /* External: pending (SR & ER, non-critical), then wrteei 1. */
    marks();
    ext_count = 0;
    MTDCR(DCR_UIC_ER, UIC_EXT_BIT);
    MTDCR(DCR_UIC_SRS, UIC_EXT_BIT);
    isa_out(MFDCR(DCR_UIC_MSR), "ext.uic_msr_pending");
    __asm__ volatile(ISA_MARK "wrteei 1" : [t] "=&b"(t) : : "memory");
    MTMSR(MSR_ME);
    (void)isa_exc_report("ext.enable_wrteei");
    isa_out(ext_count, "ext.count");
    isa_out(MFDCR(DCR_UIC_SR), "ext.uic_sr_after");

    uic_quiet();
}

void isa_main(void)
{
    MTSPR(SPR_TCR, TCR_WP3);
    MTSPR(SPR_PIT, 0);
    MTSPR(SPR_TSR, TSR_ALL);
    test_program();
    test_alignment();
    test_syscall();
    test_pit();
    test_uic();
}

void isa_dump(void)
{
    isa_out(MFSPR(SPR_TCR), "state.tcr");
    isa_out(MFSPR(SPR_SRR2), "state.srr2");
    /* SRR3 lacks CE on QEMU (a deviation): printed without it. */
    isa_out(MFSPR(SPR_SRR3) & ~MSR_CE, "state.srr3_but_ce");
    isa_out(MFDCR(DCR_UIC_SR), "state.uic_sr");
    isa_out(MFDCR(DCR_UIC_ER), "state.uic_er");
    isa_out(MFDCR(DCR_UIC_CR), "state.uic_cr");
}
