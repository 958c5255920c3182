/*
 * The guest's own TLB as data: tlbwe, tlbre, tlbsx and tlbia on the 64
 * entries of its virtual 405 (PPC405 manual semantics).  The guest cannot
 * turn translation on in this version (MSR[IR]/[DR] go to the health
 * monitor), so nothing here reaches the real TLB; TLB virtualization will
 * validate these entries and shadow them.   REQ: FV-009.
 */
#include <proteus/core.h>

/* The whole file is one capability (CFG-003). */
#if CONFIG_FV_TLB

#define VTLB_HI_MASK  0xFFFFFFF0u  /* EPN, SIZE, V, E, U0 */
#define VTLB_V        0x00000040u
#define CR0_MASK      0xF0000000u
#define CR0_EQ        0x20000000u
#define CR0_SO        0x10000000u
#define XER_SO        0x80000000u

/* Bytes of the page of a tag word: 1 KiB << (2 * SIZE). */
/*@ assigns \nothing;
    ensures \result == page_size((hi / 128) % 8);  // the 405's page sizes
    ensures 1024 <= \result <= 16777216 && \result % 1024 == 0;
*/
static uint32_t vtlb_page(uint32_t hi)
{
    /* SIZE, tag bits 22:24, as a quotient and remainder (the same value
     * as (hi >> 7) & 7, linear for the provers). */
    const uint32_t code = (hi / 128u) % 8u;

    //@ assert code == 0 ==> (1024 << (2 * code)) == 1024;
    //@ assert code == 1 ==> (1024 << (2 * code)) == 4096;
    //@ assert code == 2 ==> (1024 << (2 * code)) == 16384;
    //@ assert code == 3 ==> (1024 << (2 * code)) == 65536;
    //@ assert code == 4 ==> (1024 << (2 * code)) == 262144;
    //@ assert code == 5 ==> (1024 << (2 * code)) == 1048576;
    //@ assert code == 6 ==> (1024 << (2 * code)) == 4194304;
    //@ assert code == 7 ==> (1024 << (2 * code)) == 16777216;
    return 1024u << (2u * code);
}

/* Contracts of the exported functions: core.h. */
void vtlb_reset(struct vcpu *v)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= VTLB_ENTRIES;
        loop invariant \forall integer k; 0 <= k < i ==>
            v->tlb[k].hi == 0 && v->tlb[k].lo == 0 && v->tlb[k].tid == 0;
        loop assigns i, v->tlb[0 .. VTLB_ENTRIES - 1];
        loop variant VTLB_ENTRIES - i; */
    for (i = 0u; i < VTLB_ENTRIES; i++) { /* @wcet-bound 64 */
        v->tlb[i].hi = 0u;
        v->tlb[i].lo = 0u;
        v->tlb[i].tid = 0u;
    }
}

/* tlbwe: the tag word (ws 0; TID from PID, EPN masked to the page) or the
 * data word (ws 1) of entry index (its low 6 bits). */
void vtlb_write(struct vcpu *v, uint32_t index, uint32_t ws, uint32_t val)
{
    struct vtlb_entry *e = &v->tlb[index % VTLB_ENTRIES];

    if (ws == 0u) {
        const uint32_t hi = val & VTLB_HI_MASK;
        e->hi = hi & ~((vtlb_page(hi) - 1u) & 0xFFFFFC00u);
        e->tid = v->sreg[VS_PID] & 0xFFu;
    } else {
        e->lo = val;
    }
}

/* tlbre: the tag word (ws 0, which also loads PID with the TID) or the
 * data word of entry index. */
uint32_t vtlb_read(struct vcpu *v, uint32_t index, uint32_t ws)
{
    const struct vtlb_entry *e = &v->tlb[index % VTLB_ENTRIES];

    if (ws == 0u) {
        v->sreg[VS_PID] = e->tid;
        return e->hi;
    }
    return e->lo;
}

/* tlbsx: the lowest index of a valid entry that maps ea for the current
 * PID (TID equal, or TID 0), or 0xFFFFFFFF. */
uint32_t vtlb_search(const struct vcpu *v, uint32_t ea)
{
    const uint32_t pid = v->sreg[VS_PID] & 0xFFu;
    uint32_t i;

    /*@ loop invariant 0 <= i <= VTLB_ENTRIES;
        loop assigns i;
        loop variant VTLB_ENTRIES - i; */
    for (i = 0u; i < VTLB_ENTRIES; i++) { /* @wcet-bound 64 */
        const struct vtlb_entry *e = &v->tlb[i];
        const uint32_t page = vtlb_page(e->hi);
        const int valid = (e->hi & VTLB_V) != 0u;
        const int tid_ok = e->tid == 0u || e->tid == pid;
        if (valid && tid_ok && (ea & ~(page - 1u)) == (e->hi & ~(page - 1u) & 0xFFFFFC00u)) {
            return i;
        }
    }
    return 0xFFFFFFFFu;
}

/* CR after tlbsx.: CR0 = SO copied from XER, EQ on a hit. */
uint32_t vtlb_search_cr(uint32_t cr, uint32_t xer, uint32_t result)
{
    const uint32_t so = (xer & XER_SO) != 0u ? CR0_SO : 0u;
    const uint32_t eq = result != 0xFFFFFFFFu ? CR0_EQ : 0u;

    return (cr & ~CR0_MASK) | so | eq;
}

/* tlbia: every entry invalid. */
void vtlb_invalidate_all(struct vcpu *v)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= VTLB_ENTRIES;
        loop invariant \forall integer k; 0 <= k < i ==>
            v->tlb[k].hi == (\at(v->tlb[k].hi, Pre) & 0xFFFFFFBF);
        loop invariant \forall integer k; i <= k < VTLB_ENTRIES ==>
            v->tlb[k].hi == \at(v->tlb[k].hi, Pre);
        loop assigns i, v->tlb[0 .. VTLB_ENTRIES - 1].hi;
        loop variant VTLB_ENTRIES - i; */
    for (i = 0u; i < VTLB_ENTRIES; i++) { /* @wcet-bound 64 */
        v->tlb[i].hi &= ~VTLB_V;
    }
}

#endif /* CONFIG_FV_TLB */
