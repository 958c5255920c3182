/*
 * Virtual exceptions of a partition: delivery to the guest's own vectors
 * as the 405 delivers them, and the choice of the asynchronous interrupt
 * the guest takes next.
 * REQ: FV-003 (exceptions delivered as the hardware does), FV-004
 *      (asynchronous interrupts gated by the virtual MSR[EE]/[CE] and
 *      delivered as soon as the guest enables them).
 */
#include <proteus/core.h>

/* The bare board's state at entry (QEMU -kernel): MSR 0 (supervisor, real
 * mode, interrupts off), EVPR 0, timers stopped, every register 0 but
 * CCR0, SGR and DBSR (their reset values). */
/* Contracts of the exported functions: core.h.  vcpu_reset is in every
 * configuration (the live registers start at zero, PART-004); the rest is
 * full virtualization's. */
void vcpu_reset(struct vcpu *v, uint64_t now)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= VI_COUNT;
        loop invariant \forall integer k; 0 <= k < i ==> v->r.reg[k] == 0;
        loop assigns i, v->r.reg[0 .. VI_COUNT - 1];
        loop variant VI_COUNT - i; */
    for (i = 0u; i < VI_COUNT; i++) { /* @wcet-bound 15 */
        v->r.reg[i] = 0u;
    }
    v->r.msr = 0u;
#if CONFIG_FV
    /*@ loop invariant 0 <= i <= VS_COUNT;
        loop invariant \forall integer k; 0 <= k < i ==> v->sreg[k] == 0;
        loop invariant \forall integer k; 0 <= k < VI_COUNT ==> v->r.reg[k] == 0;
        loop invariant v->r.msr == 0;
        loop assigns i, v->sreg[0 .. VS_COUNT - 1];
        loop variant VS_COUNT - i; */
    for (i = 0u; i < VS_COUNT; i++) { /* @wcet-bound 20 */
        v->sreg[i] = 0u;
    }
    /* The non-zero reset values (spec/virtualization.md). */
    v->sreg[VS_CCR0] = 0x00700000u;
    v->sreg[VS_SGR] = 0xFFFFFFFFu;
    v->sreg[VS_DBSR] = 0x00000300u;
#endif
#if CONFIG_FV_TIMERS
    vtimer_reset(&v->t, now);
#else
    (void)now;
#endif
#if CONFIG_FV_UIC
    vuic_reset(&v->uic);
#endif
#if CONFIG_FV_TLB
    vtlb_reset(v);
#endif
}

#if CONFIG_FV

/* 1 for the critical class (saved in SRR2/SRR3, returned from by rfci). */
/*@ assigns \nothing;
    ensures vec_crit(vec) ? \result == 1 : \result == 0; */
static uint32_t vec_critical(uint32_t vec)
{
    return vec == VEC_CRITICAL || vec == VEC_WDT || vec == VEC_MCHECK || vec == VEC_DEBUG
        ? 1u : 0u;
}

/* Deliver exception vec to the guest, interrupted at pc (the address its
 * SRR0 or SRR2 receives).  The MSR is saved in SRR1 (SRR3 for the critical
 * class), then keeps CE, ME and DE (critical: ME; machine check: nothing);
 * the guest continues at EVPR[0:15] | vec.  The wait state ends (WE is
 * cleared with the rest).  ESR and DEAR are the caller's. */
void vcpu_raise(struct ctx *c, struct vcpu *v, uint32_t vec, uint32_t pc)
{
    /* The vector first (EVPR is not among the registers written below),
     * so that the MSR is the last word written. */
    c->pc = (v->r.reg[VI_EVPR] & 0xFFFF0000u) | vec;
    if (vec_critical(vec) != 0u) {
        v->r.reg[VI_SRR2] = pc;
        v->r.reg[VI_SRR3] = v->r.msr;
        v->r.msr &= vec == VEC_MCHECK ? 0u : VMSR_KEEP_CRIT;
    } else {
        v->r.reg[VI_SRR0] = pc;
        v->r.reg[VI_SRR1] = v->r.msr;
        v->r.msr &= VMSR_KEEP_NONCRIT;
    }
}

#if CONFIG_FV_TIMERS || CONFIG_FV_UIC
/* The asynchronous interrupt the guest takes now, by the 405's priority
 * (critical input, watchdog, external, FIT, PIT), or VEC_NONE. */
uint32_t vcpu_pending(const struct vcpu *v)
{
    const uint32_t ce = v->r.msr & MSR_CE;
    const uint32_t ee = v->r.msr & MSR_EE;
#if CONFIG_FV_TIMERS
    const uint32_t tcr = v->t.tcr;
    const uint32_t tsr = v->t.tsr;
#endif

#if CONFIG_FV_UIC
    if (ce != 0u && vuic_critical(&v->uic) != 0u) {
        return VEC_CRITICAL;
    }
#endif
#if CONFIG_FV_TIMERS
    if (ce != 0u && (tcr & TCR_WIE) != 0u && (tsr & TSR_WIS) != 0u) {
        return VEC_WDT;
    }
#endif
#if CONFIG_FV_UIC
    if (ee != 0u && vuic_external(&v->uic) != 0u) {
        return VEC_EXTERNAL;
    }
#endif
#if CONFIG_FV_TIMERS
    if (ee != 0u && (tcr & TCR_FIE) != 0u && (tsr & TSR_FIS) != 0u) {
        return VEC_FIT;
    }
    if (ee != 0u && (tcr & TCR_PIE) != 0u && (tsr & TSR_PIS) != 0u) {
        return VEC_PIT;
    }
#endif
    return VEC_NONE;
}
#endif /* CONFIG_FV_TIMERS || CONFIG_FV_UIC */

#endif /* CONFIG_FV */
