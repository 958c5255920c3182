/*
 * Spatial partitioning: guest-physical address -> configured region, and
 * the TLB entry the core may install for it.
 * REQ: PART-001 (regions are static, from the configuration),
 *      PART-002 (every installed entry lies inside one region of the
 *      running partition, with at most its permissions, tagged with its PID).
 * The entry is composed with additions of disjoint fields (no wrap-around,
 * no bit masks) so that its proof is linear arithmetic (proofs/README.md).
 */
#include <proteus/core.h>

/* Bytes of the 405 page sizes, by SIZE code. */
static const uint32_t page_bytes[8] = {
    1024u, 4096u, 16384u, 65536u, 262144u, 1048576u, 4194304u, 16777216u,
};

uint32_t region_find(const struct cfg_region *regs, uint32_t n, uint32_t addr)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer k; 0 <= k < i ==> !in_region(regs[k], addr);
        loop assigns i;
        loop variant n - i;
    */
    for (i = 0u; i < n; i++) { /* @wcet-bound CFG_MAX_REGIONS */
        const int at_or_above_base = addr >= regs[i].guest;
        if (at_or_above_base && addr - regs[i].guest < regs[i].size) {
            break;
        }
    }
    return i;
}

/* Base of the page of SIZE code around addr. */
/*@ requires 1 <= code <= 7;
    assigns \nothing;
    ensures \result == addr - addr % page_size(code);
    ensures \result % page_size(code) == 0 && \result % 1024 == 0;
    ensures \result <= addr < \result + page_size(code);
*/
static uint32_t page_base(uint32_t addr, uint32_t code)
{
    //@ assert page_bytes[code] == page_size(code);
    const uint32_t base = addr - addr % page_bytes[code];
    /* One case per size: each is linear arithmetic for the provers. */
    //@ assert code == 1 ==> base % 4096 == 0;
    //@ assert code == 2 ==> base % 16384 == 0;
    //@ assert code == 3 ==> base % 65536 == 0;
    //@ assert code == 4 ==> base % 262144 == 0;
    //@ assert code == 5 ==> base % 1048576 == 0;
    //@ assert code == 6 ==> base % 4194304 == 0;
    //@ assert code == 7 ==> base % 16777216 == 0;
    return base;
}

/* The tag word: EPN | SIZE | V, as a sum of disjoint fields. */
/*@ requires epn % 1024 == 0 && epn <= 0xFFFFFC00 && code <= 7;
    assigns \nothing;
    ensures \result / 1024 * 1024 == epn;
    ensures (\result / 128) % 8 == code;
    ensures (\result / 64) % 2 == 1;
*/
static uint32_t tlb_hi(uint32_t epn, uint32_t code)
{
    return epn + code * 128u + 64u;
}

/* The data word: RPN | EX | WR | ZSEL | I | G, as a sum of disjoint fields. */
/*@ requires rpn % 1024 == 0 && rpn <= 0xFFFFFC00;
    requires ex <= 1 && wr <= 1 && dev <= 1;
    assigns \nothing;
    ensures \result / 1024 * 1024 == rpn;
    ensures (\result / 512) % 2 == ex;
    ensures (\result / 256) % 2 == wr;
*/
static uint32_t tlb_lo(uint32_t rpn, uint32_t ex, uint32_t wr, uint32_t dev)
{
    return rpn + ex * 512u + wr * 256u + ZONE_GUEST * 16u + dev * 5u;
}

void region_tlb_entry(const struct cfg_region *r, uint32_t addr, uint32_t pid,
                      struct tlb_entry *e)
{
    /* Largest page first: 16 MiB (code 7) down to 16 KiB (code 2); 4 KiB
     * (code 1) always fits because regions are 4 KiB aligned and sized. */
    uint32_t code = 1u;
    uint32_t c;

    /*@ loop invariant 1 <= c <= 7 && code == 1;
        loop assigns c;
        loop variant c;
    */
    for (c = 7u; c > 1u; c--) { /* @wcet-bound 6 */
        const uint32_t size = page_bytes[c];
        //@ assert size == page_size(c);
        const uint32_t base = addr - addr % size;
        if (base >= r->guest && r->size >= size && base - r->guest <= r->size - size &&
            r->host % size == r->guest % size) {
            code = c;
            //@ assert page_fits(*r, addr, code);
            break;
        }
    }
    /* The 4 KiB page around addr: the region's bounds are multiples of
     * 4 KiB (region_ok), so the page's lies between them. */
    //@ assert floor_4k: addr - addr % 4096 == addr / 4096 * 4096;
    //@ assert guest_4k: r->guest == r->guest / 4096 * 4096;
    //@ assert end_4k: r->guest + r->size == (r->guest + r->size) / 4096 * 4096;
    //@ assert below: r->guest / 4096 <= addr / 4096 < (r->guest + r->size) / 4096;
    //@ assert fits_4k: code == 1 ==> page_fits(*r, addr, 1);
    //@ assert fits: page_fits(*r, addr, code);

    const uint32_t page = page_base(addr, code);
    //@ assert page_in_region: r->guest <= page && page - r->guest + page_size(code) <= r->size;
    //@ assert host_room: r->host + (page - r->guest) + page_size(code) <= 0x100000000;
    const uint32_t rpn = r->host + (page - r->guest);
    //@ assert rpn_aligned: rpn % 1024 == 0;
    //@ assert rpn_below_top: rpn <= 0xFFFFFC00;
    const uint32_t writable = (r->attr & REGION_W) != 0u ? 1u : 0u;
    const uint32_t executable =
        ((r->attr & REGION_X) != 0u && (r->attr & REGION_DEVICE) == 0u) ? 1u : 0u;
    const uint32_t device = (r->attr & REGION_DEVICE) != 0u ? 1u : 0u;

    e->hi = tlb_hi(page, code);
    e->lo = tlb_lo(rpn, executable, writable, device);
    e->pid = pid;
    //@ assert tlb_epn(*e) == page && tlb_size(*e) == page_size(code) && tlb_rpn(*e) == rpn;
}
