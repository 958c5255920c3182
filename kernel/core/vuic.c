/*
 * Virtual UIC0 of a partition: the universal interrupt controller the 405
 * reaches through DCRs 0xC0-0xC8 (SR, SRS, ER, CR, PR, TR, MSR, VR, VCR).
 * No board device is wired to a partition's virtual UIC yet: its inputs
 * are the guest's own writes of SRS (software-set status), which the
 * 405's UIC offers for exactly that purpose.  A status bit that is enabled
 * raises the partition's virtual external interrupt (CR bit 0) or
 * critical input (CR bit 1).   REQ: FV-007.
 */
#include <proteus/core.h>

/* The whole file is one capability (CFG-003). */
#if CONFIG_FV_UIC

#define DCR_UIC_SR   0xC0u
#define DCR_UIC_SRS  0xC1u
#define DCR_UIC_ER   0xC2u
#define DCR_UIC_CR   0xC3u
#define DCR_UIC_PR   0xC4u
#define DCR_UIC_TR   0xC5u
#define DCR_UIC_MSR  0xC6u
#define DCR_UIC_VR   0xC7u
#define DCR_UIC_VCR  0xC8u
#define UIC_VCR_MASK 0xFFFFFFFDu  /* VBA (bits 0:29) and PRO (bit 31) */
#define UIC_VCR_PRO  0x00000001u

/* Contracts of the exported functions: core.h. */
void vuic_reset(struct vuic *u)
{
    u->sr = 0u;
    u->er = 0u;
    u->cr = 0u;
    u->pr = 0u;
    u->tr = 0u;
    u->vcr = 0u;
}

/* 1 if dcrn is one of the UIC's DCRs. */
uint32_t vuic_owns(uint32_t dcrn)
{
    return dcrn >= DCR_UIC_SR && dcrn <= DCR_UIC_VCR ? 1u : 0u;
}

/* VR: VCR[VBA] plus 512 bytes per position of the highest-priority
 * pending critical interrupt, counted from the highest-priority end (SR
 * bit 0, or bit 31 with VCR[PRO]); 0 while none is pending. */
/*@ requires \valid_read(u);
    assigns \nothing;
    ensures (u->sr & u->er & u->cr) == 0 ==> \result == 0;  // FV-007
*/
static uint32_t vuic_vr(const struct vuic *u)
{
    const uint32_t crit = u->sr & u->er & u->cr;
    uint32_t n, vba;

    if (crit == 0u) {
        return 0u;
    }
    /*@ loop invariant 0 <= n <= 31;
        loop assigns n;
        loop variant 31 - n; */
    for (n = 0u; n < 31u; n++) { /* @wcet-bound 31 */
        /* bit n from the low end is 0x80000000 >> (31 - n): both ends
         * are right shifts, so no shift can lose a bit. */
        const uint32_t bit = (u->vcr & UIC_VCR_PRO) != 0u ? 0x80000000u >> (31u - n)
                                                          : 0x80000000u >> n;
        if ((crit & bit) != 0u) {
            break;
        }
    }
    /* VBA + 512 * n modulo 2^32 (a VBA near the top wraps, as in 32-bit
     * hardware), computed in 64 bits and truncated. */
    vba = u->vcr & ~3u;
    return (uint32_t)((uint64_t)vba + 512u * n);
}

/* mfdcr of a UIC register (vuic_owns(dcrn)). */
uint32_t vuic_read(const struct vuic *u, uint32_t dcrn)
{
    switch (dcrn) {
    case DCR_UIC_SR:
    case DCR_UIC_SRS:
        return u->sr;
    case DCR_UIC_ER:
        return u->er;
    case DCR_UIC_CR:
        return u->cr;
    case DCR_UIC_PR:
        return u->pr;
    case DCR_UIC_TR:
        return u->tr;
    case DCR_UIC_MSR:
        return u->sr & u->er;
    case DCR_UIC_VR:
        return vuic_vr(u);
    default:
        return u->vcr;
    }
}

/* mtdcr of a UIC register (vuic_owns(dcrn)).  SR is write-one-to-clear,
 * SRS sets status bits, MSR and VR are read-only. */
void vuic_write(struct vuic *u, uint32_t dcrn, uint32_t v)
{
    switch (dcrn) {
    case DCR_UIC_SR:
        u->sr &= ~v;
        break;
    case DCR_UIC_SRS:
        u->sr |= v;
        break;
    case DCR_UIC_ER:
        u->er = v;
        break;
    case DCR_UIC_CR:
        u->cr = v;
        break;
    case DCR_UIC_PR:
        u->pr = v;
        break;
    case DCR_UIC_TR:
        u->tr = v;
        break;
    case DCR_UIC_VCR:
        u->vcr = v & UIC_VCR_MASK;
        break;
    default:
        break; /* MSR, VR: read-only */
    }
}

/* Pending enabled inputs: non-critical (external) and critical. */
uint32_t vuic_external(const struct vuic *u)
{
    return (u->sr & u->er & ~u->cr) != 0u ? 1u : 0u;
}

uint32_t vuic_critical(const struct vuic *u)
{
    return (u->sr & u->er & u->cr) != 0u ? 1u : 0u;
}

#endif /* CONFIG_FV_UIC */
