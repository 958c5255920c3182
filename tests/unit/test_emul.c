/*
 * Unit tests of the privileged-instruction emulator (kernel/core/emul.c):
 * emul_insn on a virtual 405 fresh from vcpu_reset, instruction by
 * instruction, with the encodings of mock_arch.h.
 */
#include <string.h>

#include "mock_arch.h"

#define NOW 0x0000000100000000ull

static struct ctx c;
static struct vcpu v;

static int setup(void **state)
{
    (void)state;
    mock_reset();
    memset(&c, 0, sizeof c);
    vcpu_reset(&v, NOW);
    return 0;
}

static uint32_t run(uint32_t insn)
{
    return emul_insn(&c, &v, insn, NOW);
}

/* mtspr of val through r5, then mfspr into r6 (preset to a marker). */
static uint32_t spr_rw(uint32_t spr, uint32_t val, uint32_t *back)
{
    uint32_t r;

    c.gpr[5] = val;
    r = run(fv_mtspr(spr, 5u));
    c.gpr[6] = 0xDEADBEEFu;
    assert_int_equal(run(fv_mfspr(6u, spr)), EMUL_NEXT);
    *back = c.gpr[6];
    return r;
}

/* ------------------------------------------------------------ MSR ---- */

/* @req FV-001 FV-008 */
static void test_mfmsr_reads_virtual_msr(void **state)
{
    (void)state;
    v.r.msr = MSR_EE | MSR_CE | MSR_ME;
    c.gpr[7] = 1u;
    assert_int_equal(run(fv_mfmsr(7u)), EMUL_NEXT);
    assert_int_equal(c.gpr[7], MSR_EE | MSR_CE | MSR_ME);
}

/* mtmsr keeps the bits of VMSR_MASK only.  @req FV-001 FV-008 */
static void test_mtmsr_masks_to_vmsr(void **state)
{
    (void)state;
    c.gpr[3] = 0xFFFFFFFFu & ~(MSR_IR | MSR_DR);
    assert_int_equal(run(fv_mtmsr(3u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, VMSR_MASK & ~(MSR_IR | MSR_DR));
    c.gpr[3] = MSR_EE | 0x80000000u | 0x00000001u;
    assert_int_equal(run(fv_mtmsr(3u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_EE);
    /* The real context is never touched: the guest keeps MSR_GUEST. */
    assert_int_equal(c.msr, 0u);
}

/* With bit 15 set, mtmsr changes EE only.  @req FV-001 */
static void test_mtmsr_bit15_changes_only_ee(void **state)
{
    (void)state;
    v.r.msr = MSR_CE | MSR_ME;
    c.gpr[4] = 0xFFFFFFFFu;
    assert_int_equal(run(fv_mtmsr(4u) | 0x00010000u), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_CE | MSR_ME | MSR_EE);
    c.gpr[4] = 0u;
    assert_int_equal(run(fv_mtmsr(4u) | 0x00010000u), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_CE | MSR_ME);
}

/* Translation needs a virtual TLB: refused with a precise cause.
 * @req FV-001 */
static void test_mtmsr_ir_dr_unsupported(void **state)
{
    (void)state;
    c.gpr[3] = MSR_IR;
    assert_int_equal(run(fv_mtmsr(3u)), EMUL_UNSUP_XLATE);
    c.gpr[3] = MSR_DR | MSR_EE;
    assert_int_equal(run(fv_mtmsr(3u)), EMUL_UNSUP_XLATE);
}

/* @req FV-001 */
static void test_wrtee_and_wrteei(void **state)
{
    (void)state;
    v.r.msr = MSR_ME;
    c.gpr[9] = MSR_EE | MSR_CE | MSR_PR;
    assert_int_equal(run(fv_wrtee(9u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME | MSR_EE);
    c.gpr[9] = ~MSR_EE;
    assert_int_equal(run(fv_wrtee(9u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME);
    assert_int_equal(run(fv_wrteei(1u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME | MSR_EE);
    assert_int_equal(run(fv_wrteei(0u)), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME);
}

/* rfi: pc <- SRR0 (word aligned), MSR <- SRR1; rfci from SRR2/SRR3.
 * @req FV-001 FV-003 */
static void test_rfi_and_rfci(void **state)
{
    (void)state;
    v.r.reg[VI_SRR0] = 0x00001237u;
    v.r.reg[VI_SRR1] = MSR_EE | MSR_PR | 0x80000000u;
    assert_int_equal(run(FV_RFI), EMUL_GOTO);
    assert_int_equal(c.pc, 0x00001234u);
    assert_int_equal(v.r.msr, MSR_EE | MSR_PR);
    v.r.reg[VI_SRR2] = 0x00005678u;
    v.r.reg[VI_SRR3] = MSR_CE | MSR_ME;
    assert_int_equal(run(FV_RFCI), EMUL_GOTO);
    assert_int_equal(c.pc, 0x00005678u);
    assert_int_equal(v.r.msr, MSR_CE | MSR_ME);
    /* Returning into translation is refused. */
    v.r.reg[VI_SRR1] = MSR_IR;
    assert_int_equal(run(FV_RFI), EMUL_UNSUP_XLATE);
    v.r.reg[VI_SRR3] = MSR_DR;
    assert_int_equal(run(FV_RFCI), EMUL_UNSUP_XLATE);
}

/* Reserved fields non-zero: the guest's illegal-instruction interrupt,
 * nothing emulated, with the board's masks (spec/virtualization.md,
 * section 3).  @req FV-001 FV-010 */
static void test_reserved_fields_illegal(void **state)
{
    static const uint32_t insns[] = {
        0x00000001u | (83u << 1) | (31u << 26),             /* mfmsr. (Rc) */
        (31u << 26) | (83u << 1) | (1u << 16),              /* mfmsr rA != 0 */
        (31u << 26) | (83u << 1) | (1u << 11),              /* mfmsr rB != 0 */
        (31u << 26) | (146u << 1) | (1u << 17),             /* mtmsr rA bit */
        (31u << 26) | (146u << 1) | (1u << 11),             /* mtmsr rB != 0 */
        (31u << 26) | (131u << 1) | (1u << 16),             /* wrtee rA != 0 */
        (31u << 26) | (163u << 1) | (1u << 12),             /* wrteei rB bits */
        FV_RFI | (1u << 21),                                /* rfi rD != 0 */
        FV_RFCI | (1u << 16),                               /* rfci rA != 0 */
        FV_RFI | 1u,
        FV_RFI | 0x00008000u,                               /* rfi bit 16 */
        FV_RFCI | 0x00008000u,                              /* rfci bit 16 */
        (31u << 26) | (339u << 1) | 1u,                     /* mfspr. */
        (31u << 26) | (323u << 1) | 1u,                     /* mfdcr. */
        (31u << 26) | (451u << 1) | 1u,                     /* mtdcr. */
        (31u << 26) | (470u << 1) | (1u << 21),             /* dcbi rD != 0 */
        (31u << 26) | (454u << 1) | 1u,                     /* dccci. */
        (31u << 26) | (486u << 1) | 1u,                     /* dcread. */
        (31u << 26) | (998u << 1) | (1u << 21),             /* icread rD != 0 */
        (31u << 26) | (566u << 1) | (1u << 11),             /* tlbsync rB != 0 */
        (31u << 26) | (978u << 1) | (2u << 11),             /* tlbwe WS > 1 */
        (31u << 26) | (946u << 1) | 1u,                     /* tlbre. */
        (31u << 26) | (370u << 1) | (1u << 16),             /* tlbia rA != 0 */
        (31u << 26) | (262u << 1) | (1u << 21),             /* icbt rD != 0 */
    };
    uint32_t i;
    (void)state;
    v.r.msr = MSR_ME;
    /* Bits the board leaves unchecked: executed. */
    assert_int_equal(run((31u << 26) | (163u << 1) | (1u << 21) | 0x8000u), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME | MSR_EE);                 /* wrteei rD != 0 */
    assert_int_equal(run(fv_wrteei(0u) | 0x00100000u | 0x00010000u), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME);                          /* wrteei bits 11, 15 */
    c.gpr[2] = MSR_EE;
    assert_int_equal(run(fv_wrtee(2u) | 0x00100000u), EMUL_NEXT);
    assert_int_equal(v.r.msr, MSR_ME | MSR_EE);                 /* wrtee bit 11 */
    c.gpr[2] = 0x77u;
    assert_int_equal(run(fv_mtspr(272u, 2u) | 1u), EMUL_NEXT);    /* mtspr. */
    assert_int_equal(v.r.reg[VI_SPRG0], 0x77u);
    assert_int_equal(run(fv_x(XO_ICCCI, 7u, 0u, 0u)), EMUL_NEXT); /* iccci rD != 0 */
    assert_int_equal(mock_icache_invalidates, 1u);
    mock_icache_invalidates = 0u;
    v.r.msr = MSR_ME;
    v.r.reg[VI_SPRG0] = 0u;
    for (i = 0u; i < sizeof insns / sizeof insns[0]; i++) {
        struct ctx before = c;
        struct vcpu vbefore = v;
        if (run(insns[i]) != EMUL_ILLEGAL) {
            fail_msg("insn 0x%08x not illegal", insns[i]);
        }
        assert_memory_equal(&c, &before, sizeof c);
        assert_memory_equal(&v, &vbefore, sizeof v);
    }
    assert_int_equal(mock_icache_invalidates, 0u);
}

/* ------------------------------------------------------------ SPRs ---- */

/* Innocuous registers store all 32 bits, EVPR its high half; PID keeps
 * 8 bits.  @req FV-002 */
static void test_spr_innocuous_and_stored(void **state)
{
    static const struct { uint32_t spr; uint32_t idx; } innoc[] = {
        { 26u, VI_SRR0 }, { 27u, VI_SRR1 }, { 272u, VI_SPRG0 }, { 273u, VI_SPRG0 + 1u },
        { 274u, VI_SPRG0 + 2u }, { 275u, VI_SPRG0 + 3u }, { 276u, VI_SPRG0 + 4u },
        { 277u, VI_SPRG0 + 5u }, { 278u, VI_SPRG0 + 6u }, { 279u, VI_SPRG0 + 7u },
        { 980u, VI_ESR }, { 981u, VI_DEAR }, { 990u, VI_SRR2 }, { 991u, VI_SRR3 },
    };
    static const struct { uint32_t spr; uint32_t idx; } stored[] = {
        { 944u, VS_ZPR }, { 947u, VS_CCR0 }, { 948u, VS_IAC3 }, { 949u, VS_IAC4 },
        { 950u, VS_DVC1 }, { 951u, VS_DVC2 }, { 953u, VS_SGR }, { 954u, VS_DCWR },
        { 956u, VS_SU0R }, { 957u, VS_DBCR1 }, { 1012u, VS_IAC1 }, { 1013u, VS_IAC2 },
        { 1014u, VS_DAC1 }, { 1015u, VS_DAC2 }, { 1018u, VS_DCCR }, { 1019u, VS_ICCR },
    };
    uint32_t i, back;
    (void)state;
    for (i = 0u; i < sizeof innoc / sizeof innoc[0]; i++) {
        const uint32_t val = 0xA5000000u + innoc[i].spr;
        assert_int_equal(spr_rw(innoc[i].spr, val, &back), EMUL_NEXT);
        assert_int_equal(back, val);
        assert_int_equal(v.r.reg[innoc[i].idx], val);
    }
    for (i = 0u; i < sizeof stored / sizeof stored[0]; i++) {
        const uint32_t val = 0x5A000000u + stored[i].spr;
        assert_int_equal(spr_rw(stored[i].spr, val, &back), EMUL_NEXT);
        assert_int_equal(back, val);
        assert_int_equal(v.sreg[stored[i].idx], val);
    }
    assert_int_equal(spr_rw(945u, 0x12345678u, &back), EMUL_NEXT);      /* PID */
    assert_int_equal(back, 0x78u);
    assert_int_equal(v.sreg[VS_PID], 0x78u);
    assert_int_equal(spr_rw(982u, 0x12345678u, &back), EMUL_NEXT);      /* EVPR */
    assert_int_equal(back, 0x12340000u);
    assert_int_equal(v.r.reg[VI_EVPR], 0x12340000u);
    /* The user views read SPRG0 and SPRG4-7. */
    c.gpr[6] = 0u;
    assert_int_equal(run(fv_mfspr(6u, 256u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 0xA5000000u + 272u);
    for (i = 4u; i < 8u; i++) {
        assert_int_equal(run(fv_mfspr(6u, 256u + i)), EMUL_NEXT);
        assert_int_equal(c.gpr[6], 0xA5000000u + 272u + i);
    }
}

/* TSR and DBSR are write-one-to-clear.  @req FV-002 FV-005 */
static void test_spr_tsr_dbsr_write_one_to_clear(void **state)
{
    uint32_t back;
    (void)state;
    v.t.tsr = TSR_ENW | TSR_WIS | TSR_PIS | TSR_FIS;
    assert_int_equal(spr_rw(984u, TSR_WIS | TSR_PIS, &back), EMUL_NEXT);
    assert_int_equal(back, TSR_ENW | TSR_FIS);
    assert_int_equal(v.t.tsr, TSR_ENW | TSR_FIS);
    assert_int_equal(spr_rw(1008u, 0x00000100u, &back), EMUL_NEXT);
    assert_int_equal(back, MOCK_RESET_DBSR & ~0x00000100u);
    assert_int_equal(spr_rw(1008u, 0u, &back), EMUL_NEXT);
    assert_int_equal(back, 0x00000200u);
}

/* TCR: the implemented bits; WRC, once non-zero, sticks.  @req FV-005 */
static void test_spr_tcr_wrc_sticky(void **state)
{
    uint32_t back;
    (void)state;
    assert_int_equal(spr_rw(986u, 0xFFFFFFFFu & ~TCR_WRC, &back), EMUL_NEXT);
    assert_int_equal(back, TCR_MASK & ~TCR_WRC);
    assert_int_equal(spr_rw(986u, 0x10000000u | TCR_PIE, &back), EMUL_NEXT);
    assert_int_equal(back, 0x10000000u | TCR_PIE);
    assert_int_equal(spr_rw(986u, 0x20000000u, &back), EMUL_NEXT);
    assert_int_equal(back, 0x10000000u);
    assert_int_equal(spr_rw(986u, 0u, &back), EMUL_NEXT);
    assert_int_equal(back, 0x10000000u);
}

/* PIT: a write starts it, a read gives the ticks left.  @req FV-005 */
static void test_spr_pit(void **state)
{
    (void)state;
    c.gpr[3] = 5000u;
    assert_int_equal(run(fv_mtspr(987u, 3u)), EMUL_NEXT);
    assert_int_equal(v.t.pit_reload, 5000u);
    assert_int_equal(v.t.pit_running, 1u);
    assert_true(v.t.pit_deadline == NOW + 5000u);
    assert_int_equal(emul_insn(&c, &v, fv_mfspr(4u, 987u), NOW + 1200u), EMUL_NEXT);
    assert_int_equal(c.gpr[4], 3800u);
}

/* TBL/TBU writes move the partition's time base only (the board's is
 * never written); reads through 268/269 and 284/285.  @req FV-006 */
static void test_spr_time_base(void **state)
{
    (void)state;
    c.gpr[3] = 0x00000010u;
    assert_int_equal(run(fv_mtspr(284u, 3u)), EMUL_NEXT);     /* TBL */
    c.gpr[3] = 0x00000002u;
    assert_int_equal(run(fv_mtspr(285u, 3u)), EMUL_NEXT);     /* TBU */
    assert_true(v.t.tb_offset == 0x0000000200000010ull - NOW);
    assert_int_equal(emul_insn(&c, &v, fv_mfspr(5u, 268u), NOW + 7u), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 0x17u);
    assert_int_equal(emul_insn(&c, &v, fv_mfspr(5u, 269u), NOW + 7u), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 2u);
    assert_int_equal(emul_insn(&c, &v, fv_mfspr(5u, 284u), NOW + 8u), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 0x18u);
    assert_int_equal(emul_insn(&c, &v, fv_mfspr(5u, 285u), NOW + 8u), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 2u);
    assert_int_equal(mock_tb_reads, 0u);
}

/* PVR reads the processor's; ICDBDR reads 0.  @req FV-002 */
static void test_spr_pvr_and_icdbdr(void **state)
{
    (void)state;
    c.gpr[8] = 0u;
    assert_int_equal(run(fv_mfspr(8u, 287u)), EMUL_NEXT);
    assert_int_equal(c.gpr[8], MOCK_PVR_DEFAULT);
    mock_pvr = 0x20011470u;
    assert_int_equal(run(fv_mfspr(8u, 287u)), EMUL_NEXT);
    assert_int_equal(c.gpr[8], 0x20011470u);
    assert_int_equal(mock_pvr_reads, 2u);
    c.gpr[8] = 0x1234u;
    assert_int_equal(run(fv_mfspr(8u, 979u)), EMUL_NEXT);
    assert_int_equal(c.gpr[8], 0u);
}

/* SPR 0 is privileged both ways; 4, 5, 6 on read only (mtspr no-op);
 * the read-only numbers refuse mtspr.  @req FV-001 */
static void test_spr_privileged_numbers(void **state)
{
    static const uint32_t ro[] = { 256u, 260u, 261u, 262u, 263u, 268u, 269u, 287u, 979u };
    uint32_t i;
    struct vcpu before;
    (void)state;
    c.gpr[6] = 0x600Du;
    assert_int_equal(run(fv_mfspr(6u, 0u)), EMUL_PRIV);
    assert_int_equal(c.gpr[6], 0x600Du);
    assert_int_equal(run(fv_mtspr(0u, 6u)), EMUL_PRIV);
    for (i = 4u; i <= 6u; i++) {
        assert_int_equal(run(fv_mfspr(6u, i)), EMUL_PRIV);
        assert_int_equal(c.gpr[6], 0x600Du);
        before = v;
        assert_int_equal(run(fv_mtspr(i, 6u)), EMUL_NEXT);
        assert_memory_equal(&v, &before, sizeof v);
    }
    c.gpr[6] = 0xFFFFFFFFu;
    for (i = 0u; i < sizeof ro / sizeof ro[0]; i++) {
        before = v;
        if (run(fv_mtspr(ro[i], 6u)) != EMUL_PRIV) {
            fail_msg("mtspr %u not privileged", ro[i]);
        }
        assert_memory_equal(&v, &before, sizeof v);
    }
}

/* Numbers the table does not implement: no-ops, rD unchanged.
 * @req FV-001 */
static void test_spr_unimplemented_noop(void **state)
{
    static const uint32_t nums[] = { 2u, 100u, 257u, 288u, 952u, 1023u };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof nums / sizeof nums[0]; i++) {
        struct vcpu before = v;
        c.gpr[10] = 0xABCD0000u + i;
        assert_int_equal(run(fv_mfspr(10u, nums[i])), EMUL_NEXT);
        assert_int_equal(c.gpr[10], 0xABCD0000u + i);
        assert_int_equal(run(fv_mtspr(nums[i], 10u)), EMUL_NEXT);
        assert_memory_equal(&v, &before, sizeof v);
    }
}

/* SLER: 0 is stored, anything else is little-endian storage, refused.
 * @req FV-001 */
static void test_spr_sler(void **state)
{
    uint32_t back;
    (void)state;
    assert_int_equal(spr_rw(955u, 0u, &back), EMUL_NEXT);
    assert_int_equal(back, 0u);
    c.gpr[5] = 0x80000000u;
    assert_int_equal(run(fv_mtspr(955u, 5u)), EMUL_UNSUP_SLER);
    assert_int_equal(v.sreg[VS_SLER], 0u);
}

/* DBCR0: stored; a write with RST asks for a reset.  @req FV-001 */
static void test_spr_dbcr0_reset(void **state)
{
    uint32_t back;
    (void)state;
    assert_int_equal(spr_rw(1010u, 0x40000000u, &back), EMUL_NEXT);
    assert_int_equal(back, 0x40000000u);
    c.gpr[5] = 0x10000000u;
    assert_int_equal(run(fv_mtspr(1010u, 5u)), EMUL_RESET);
    c.gpr[5] = 0x20000000u;
    assert_int_equal(run(fv_mtspr(1010u, 5u)), EMUL_RESET);
    assert_int_equal(v.sreg[VS_DBCR0], 0x40000000u);
}

/* ------------------------------------------------------------ DCRs ---- */

/* @req FV-007 */
static void test_dcr_uic_and_others(void **state)
{
    (void)state;
    c.gpr[3] = 0x80000001u;
    assert_int_equal(run(fv_mtdcr(0xC2u, 3u)), EMUL_NEXT);   /* ER */
    assert_int_equal(v.uic.er, 0x80000001u);
    assert_int_equal(run(fv_mtdcr(0xC1u, 3u)), EMUL_NEXT);   /* SRS */
    c.gpr[4] = 0u;
    assert_int_equal(run(fv_mfdcr(4u, 0xC6u)), EMUL_NEXT);   /* MSR */
    assert_int_equal(c.gpr[4], 0x80000001u);
    assert_int_equal(run(fv_mfdcr(4u, 0xC8u)), EMUL_NEXT);   /* VCR */
    assert_int_equal(c.gpr[4], 0u);
    /* Other DCRs: the guest's illegal-instruction interrupt, as on the
     * board for an unregistered number ... */
    c.gpr[4] = 0x77u;
    assert_int_equal(run(fv_mfdcr(4u, 0xBFu)), EMUL_ILLEGAL);
    assert_int_equal(run(fv_mfdcr(4u, 0xC9u)), EMUL_ILLEGAL);
    assert_int_equal(run(fv_mtdcr(0x0Cu, 4u)), EMUL_ILLEGAL);
    assert_int_equal(run(fv_mtdcr(0x3C9u, 4u)), EMUL_ILLEGAL);
    assert_int_equal(run(fv_mfdcr(4u, 0x14u)), EMUL_ILLEGAL);   /* between SDRAM and OCM */
    assert_int_equal(run(fv_mfdcr(4u, 0x1FFu)), EMUL_ILLEGAL);  /* last of the table */
    assert_int_equal(run(fv_mfdcr(4u, 0x200u)), EMUL_ILLEGAL);  /* past the table */
    /* ... and a board device's DCR (spec/virtualization.md 6.4): the
     * health monitor, since there is no device emulation yet. */
    assert_int_equal(run(fv_mfdcr(4u, 0x10u)), EMUL_UNSUP_DCR);  /* SDRAM0 address */
    assert_int_equal(run(fv_mtdcr(0x13u, 4u)), EMUL_UNSUP_DCR);  /* EBC0 data */
    assert_int_equal(run(fv_mfdcr(4u, 0x077u)), EMUL_UNSUP_DCR);
    assert_int_equal(run(fv_mtdcr(0x1E1u, 4u)), EMUL_UNSUP_DCR);
    assert_int_equal(run(fv_mfdcr(4u, 0x126u)), EMUL_UNSUP_DCR);
    assert_int_equal(c.gpr[4], 0x77u);
    assert_int_equal(v.uic.sr, 0x80000001u);
}

/* ------------------------------------------------ cache, TLB, other ---- */

/* @req FV-001 */
static void test_cache_instructions(void **state)
{
    uint32_t i;
    static const uint32_t nops[] = {
        (31u << 26) | (3u << 16) | (4u << 11) | (470u << 1),   /* dcbi */
        (31u << 26) | (3u << 16) | (4u << 11) | (454u << 1),   /* dccci */
        (31u << 26) | (3u << 16) | (4u << 11) | (998u << 1),   /* icread */
        (31u << 26) | (3u << 16) | (4u << 11) | (262u << 1),   /* icbt */
        (31u << 26) | (566u << 1),                             /* tlbsync */
    };
    (void)state;
    c.gpr[3] = 0x1000u;
    c.gpr[4] = 0x0234u;
    for (i = 0u; i < sizeof nops / sizeof nops[0]; i++) {
        struct ctx before = c;
        struct vcpu vbefore = v;
        assert_int_equal(run(nops[i]), EMUL_NEXT);
        assert_memory_equal(&c, &before, sizeof c);
        assert_memory_equal(&v, &vbefore, sizeof v);
    }
    assert_int_equal(mock_icache_invalidates, 0u);
    assert_int_equal(run(fv_x(XO_ICCCI, 0u, 3u, 4u)), EMUL_NEXT);
    assert_int_equal(mock_icache_invalidates, 1u);
    /* dcread: rD <- EA = (rA|0) + rB, modulo 2^32. */
    assert_int_equal(run(fv_x(XO_DCREAD, 5u, 3u, 4u)), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 0x1234u);
    c.gpr[0] = 0x99999999u;
    assert_int_equal(run(fv_x(XO_DCREAD, 5u, 0u, 4u)), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 0x0234u);
    c.gpr[3] = 0xFFFFFFF0u;
    assert_int_equal(run(fv_x(XO_DCREAD, 5u, 3u, 4u)), EMUL_NEXT);
    assert_int_equal(c.gpr[5], 0x0224u);
    /* an EA that is not word aligned: the guest's alignment interrupt with
     * DEAR = EA, rD unchanged */
    c.gpr[4] = 0x0236u;
    assert_int_equal(run(fv_x(XO_DCREAD, 5u, 3u, 4u)), EMUL_ALIGN);
    assert_int_equal(v.r.reg[VI_DEAR], 0x0226u);
    assert_int_equal(c.gpr[5], 0x0224u);
    c.gpr[4] = 0x0001u;
    assert_int_equal(run(fv_x(XO_DCREAD, 5u, 0u, 4u)), EMUL_ALIGN);
    assert_int_equal(v.r.reg[VI_DEAR], 0x0001u);
}

/* The guest's own TLB as data (vtlb.c through the decoder): tlbwe of the
 * tag takes TID from PID and masks EPN to the page; tlbre of the tag
 * loads PID with TID; tlbsx finds the lowest matching valid entry of the
 * PID (or of TID 0), -1 on a miss, tlbsx. sets CR0 from XER[SO] and the
 * hit; tlbia clears V only.  Nothing reaches the real TLB.
 * @req FV-001 FV-009 PART-002 */
static void test_tlb_instructions_on_guest_tlb(void **state)
{
    (void)state;
    v.sreg[VS_PID] = 0x42u;
    /* entry 5 (rA = 69: low 6 bits), 4 KiB page (SIZE 1) at 0x12345xxx, V */
    c.gpr[4] = 69u;
    c.gpr[3] = 0x12345C00u | (1u << 7) | 0x40u | 0x0Fu;   /* low 4 bits dropped */
    assert_int_equal(run(fv_x(XO_TLBWE, 3u, 4u, 0u)), EMUL_NEXT);
    assert_int_equal(v.tlb[5].hi, 0x12345000u | (1u << 7) | 0x40u);
    assert_int_equal(v.tlb[5].tid, 0x42u);
    c.gpr[3] = 0x01000000u | 0x300u;
    assert_int_equal(run(fv_x(XO_TLBWE, 3u, 4u, 1u)), EMUL_NEXT);
    assert_int_equal(v.tlb[5].lo, 0x01000300u);
    /* a 16 MiB entry (SIZE 7) of TID 0 at index 9 */
    c.gpr[4] = 9u;
    v.sreg[VS_PID] = 0u;
    c.gpr[3] = 0x12FFFFFFu;
    assert_int_equal(run(fv_x(XO_TLBWE, 3u, 4u, 0u)), EMUL_NEXT);
    assert_int_equal(v.tlb[9].hi, 0x12000000u | (7u << 7) | 0x70u);
    assert_int_equal(v.tlb[9].tid, 0u);
    assert_int_equal(mock_tlb_writes, 0u);
    /* tlbre: tag (PID <- TID) and data */
    c.gpr[4] = 5u;
    assert_int_equal(run(fv_x(XO_TLBRE, 6u, 4u, 0u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 0x12345000u | (1u << 7) | 0x40u);
    assert_int_equal(v.sreg[VS_PID], 0x42u);
    assert_int_equal(run(fv_x(XO_TLBRE, 6u, 4u, 1u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 0x01000300u);
    assert_int_equal(v.sreg[VS_PID], 0x42u);
    /* tlbsx: PID 0x42 finds entry 5 first; another PID the TID-0 entry */
    c.gpr[7] = 0x12340000u;
    c.gpr[8] = 0x5FFCu;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 7u, 8u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 5u);
    v.sreg[VS_PID] = 0x43u;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 7u, 8u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 9u);
    /* rA = 0: EA = rB only; a miss gives -1 */
    c.gpr[0] = 0x12000000u;
    c.gpr[8] = 0x13000000u;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 0u, 8u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 0xFFFFFFFFu);
    /* tlbsx. : CR0 = SO (from XER) | EQ on a hit; CR1-7 kept */
    c.cr = 0xF1234567u;
    c.xer = 0x80000000u;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 0u, 8u) | 1u), EMUL_NEXT);
    assert_int_equal(c.cr, 0x11234567u);
    c.xer = 0u;
    c.gpr[8] = 0x12800000u;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 0u, 8u) | 1u), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 9u);
    assert_int_equal(c.cr, 0x21234567u);
    /* without Rc the CR is left alone */
    c.cr = 0xF0000000u;
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 0u, 8u)), EMUL_NEXT);
    assert_int_equal(c.cr, 0xF0000000u);
    /* tlbia: V cleared, the rest kept; then nothing is found */
    assert_int_equal(run(fv_x(XO_TLBIA, 0u, 0u, 0u)), EMUL_NEXT);
    assert_int_equal(v.tlb[5].hi, 0x12345000u | (1u << 7));
    assert_int_equal(v.tlb[5].lo, 0x01000300u);
    assert_int_equal(v.tlb[9].hi, 0x12000000u | (7u << 7) | 0x30u);
    assert_int_equal(run(fv_x(XO_TLBSX, 6u, 0u, 8u)), EMUL_NEXT);
    assert_int_equal(c.gpr[6], 0xFFFFFFFFu);
    assert_int_equal(mock_tlb_writes + mock_tlb_invalidates, 0u);
}

/* @req FV-001 */
static void test_unknown_opcodes_unsupported(void **state)
{
    (void)state;
    assert_int_equal(run(0u), EMUL_UNSUP_INSN);
    assert_int_equal(run(0x04005056u), EMUL_UNSUP_INSN);        /* hypercall word */
    assert_int_equal(run(fv_x(1u, 0u, 0u, 0u)), EMUL_UNSUP_INSN);   /* 31/1 */
    assert_int_equal(run((19u << 26) | (52u << 1)), EMUL_UNSUP_INSN);
    assert_int_equal(run((30u << 26) | (83u << 1)), EMUL_UNSUP_INSN); /* mfmsr's xo, wrong opcode */
    assert_int_equal(c.pc, 0u);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_mfmsr_reads_virtual_msr),
        T(test_mtmsr_masks_to_vmsr),
        T(test_mtmsr_bit15_changes_only_ee),
        T(test_mtmsr_ir_dr_unsupported),
        T(test_wrtee_and_wrteei),
        T(test_rfi_and_rfci),
        T(test_reserved_fields_illegal),
        T(test_spr_innocuous_and_stored),
        T(test_spr_tsr_dbsr_write_one_to_clear),
        T(test_spr_tcr_wrc_sticky),
        T(test_spr_pit),
        T(test_spr_time_base),
        T(test_spr_pvr_and_icdbdr),
        T(test_spr_privileged_numbers),
        T(test_spr_unimplemented_noop),
        T(test_spr_sler),
        T(test_spr_dbcr0_reset),
        T(test_dcr_uic_and_others),
        T(test_cache_instructions),
        T(test_tlb_instructions_on_guest_tlb),
        T(test_unknown_opcodes_unsupported),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
