/*
 * Unit tests of virtual exception delivery (kernel/core/vcpu.c):
 * vcpu_reset, vcpu_raise (SRR pairs, MSR bits kept, EVPR) and the
 * priority of pending asynchronous interrupts (vcpu_pending).
 */
#include <string.h>

#include "mock_arch.h"

static struct ctx c;
static struct vcpu v;

#define ALL_MSR (VMSR_MASK)

static int setup(void **state)
{
    (void)state;
    mock_reset();
    memset(&c, 0, sizeof c);
    memset(&v, 0xA5, sizeof v);
    vcpu_reset(&v, 77u);
    return 0;
}

/* The bare board's state.  @req FV-002 */
static void test_reset_is_bare_board(void **state)
{
    uint32_t i;
    (void)state;
    mock_assert_vcpu_reset(&v, 77u);
    for (i = 0u; i < VTLB_ENTRIES; i++) {
        assert_int_equal(v.tlb[i].hi | v.tlb[i].lo | v.tlb[i].tid, 0u);
    }
}

/* Non-critical: SRR0 = pc, SRR1 = MSR, MSR keeps CE ME DE, pc = EVPR
 * high half | vector.  @req FV-003 */
static void test_raise_noncritical(void **state)
{
    static const uint32_t vecs[] = { VEC_DSI, VEC_ISI, VEC_EXTERNAL, VEC_ALIGNMENT,
                                     VEC_PROGRAM, VEC_SYSCALL, VEC_PIT, VEC_FIT,
                                     VEC_DTLB, VEC_ITLB };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof vecs / sizeof vecs[0]; i++) {
        v.r.reg[VI_EVPR] = 0xFFF0FFFFu;    /* low half must not show */
        v.r.msr = ALL_MSR;
        v.r.reg[VI_SRR2] = 0x2222u;
        v.r.reg[VI_SRR3] = 0x3333u;
        vcpu_raise(&c, &v, vecs[i], 0x00001234u + i);
        assert_int_equal(c.pc, 0xFFF00000u | vecs[i]);
        assert_int_equal(v.r.reg[VI_SRR0], 0x00001234u + i);
        assert_int_equal(v.r.reg[VI_SRR1], ALL_MSR);
        assert_int_equal(v.r.msr, MSR_CE | MSR_ME | MSR_DE);
        assert_int_equal(v.r.reg[VI_SRR2], 0x2222u);
        assert_int_equal(v.r.reg[VI_SRR3], 0x3333u);
    }
}

/* Critical class (critical input, watchdog, debug): SRR2/SRR3, keeps ME.
 * @req FV-003 */
static void test_raise_critical(void **state)
{
    static const uint32_t vecs[] = { VEC_CRITICAL, VEC_WDT, VEC_DEBUG };
    uint32_t i;
    (void)state;
    for (i = 0u; i < sizeof vecs / sizeof vecs[0]; i++) {
        v.r.reg[VI_EVPR] = 0x00120000u;
        v.r.msr = ALL_MSR;
        v.r.reg[VI_SRR0] = 0x1111u;
        v.r.reg[VI_SRR1] = 0x1112u;
        vcpu_raise(&c, &v, vecs[i], 0x00004000u);
        assert_int_equal(c.pc, 0x00120000u | vecs[i]);
        assert_int_equal(v.r.reg[VI_SRR2], 0x00004000u);
        assert_int_equal(v.r.reg[VI_SRR3], ALL_MSR);
        assert_int_equal(v.r.msr, MSR_ME);
        assert_int_equal(v.r.reg[VI_SRR0], 0x1111u);
        assert_int_equal(v.r.reg[VI_SRR1], 0x1112u);
    }
}

/* Machine check: critical class, ME cleared too.  @req FV-003 */
static void test_raise_machine_check(void **state)
{
    (void)state;
    v.r.msr = ALL_MSR;
    vcpu_raise(&c, &v, VEC_MCHECK, 0x00005000u);
    assert_int_equal(c.pc, VEC_MCHECK);
    assert_int_equal(v.r.reg[VI_SRR2], 0x00005000u);
    assert_int_equal(v.r.reg[VI_SRR3], ALL_MSR);
    assert_int_equal(v.r.msr, 0u);
}

/* Every source pending and enabled; removing the winner each time gives
 * the 405's order: critical input, watchdog, external, FIT, PIT.
 * @req FV-004 */
static void test_pending_priority(void **state)
{
    (void)state;
    v.r.msr = MSR_CE | MSR_EE;
    v.t.tcr = TCR_WIE | TCR_FIE | TCR_PIE;
    v.t.tsr = TSR_WIS | TSR_FIS | TSR_PIS;
    v.uic.er = 0x3u;
    v.uic.cr = 0x1u;
    v.uic.sr = 0x3u;
    assert_int_equal(vcpu_pending(&v), VEC_CRITICAL);
    v.uic.sr = 0x2u;
    assert_int_equal(vcpu_pending(&v), VEC_WDT);
    v.t.tsr &= ~TSR_WIS;
    assert_int_equal(vcpu_pending(&v), VEC_EXTERNAL);
    v.uic.sr = 0u;
    assert_int_equal(vcpu_pending(&v), VEC_FIT);
    v.t.tsr &= ~TSR_FIS;
    assert_int_equal(vcpu_pending(&v), VEC_PIT);
    v.t.tsr &= ~TSR_PIS;
    assert_int_equal(vcpu_pending(&v), VEC_NONE);
}

/* CE gates the critical input and the watchdog, EE the rest; each timer
 * needs its enable in TCR.  @req FV-004 */
static void test_pending_gating(void **state)
{
    (void)state;
    v.t.tcr = TCR_WIE | TCR_FIE | TCR_PIE;
    v.t.tsr = TSR_WIS | TSR_FIS | TSR_PIS;
    v.uic.er = 0x3u;
    v.uic.cr = 0x1u;
    v.uic.sr = 0x3u;
    v.r.msr = VMSR_MASK & ~(MSR_CE | MSR_EE);
    assert_int_equal(vcpu_pending(&v), VEC_NONE);
    v.r.msr = MSR_EE;                          /* critical ones masked */
    assert_int_equal(vcpu_pending(&v), VEC_EXTERNAL);
    v.r.msr = MSR_CE;                          /* non-critical masked */
    assert_int_equal(vcpu_pending(&v), VEC_CRITICAL);
    v.uic.sr = 0x2u;
    assert_int_equal(vcpu_pending(&v), VEC_WDT);
    v.t.tcr = TCR_FIE | TCR_PIE;               /* WIE off */
    assert_int_equal(vcpu_pending(&v), VEC_NONE);
    v.r.msr = MSR_EE;
    v.uic.sr = 0u;
    v.t.tcr = TCR_PIE;                         /* FIE off */
    assert_int_equal(vcpu_pending(&v), VEC_PIT);
    v.t.tcr = 0u;                              /* PIE off */
    assert_int_equal(vcpu_pending(&v), VEC_NONE);
    /* enabled, but no status */
    v.t.tcr = TCR_WIE | TCR_FIE | TCR_PIE;
    v.t.tsr = 0u;
    v.r.msr = MSR_EE | MSR_CE;
    assert_int_equal(vcpu_pending(&v), VEC_NONE);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_reset_is_bare_board),
        T(test_raise_noncritical),
        T(test_raise_critical),
        T(test_raise_machine_check),
        T(test_pending_priority),
        T(test_pending_gating),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
