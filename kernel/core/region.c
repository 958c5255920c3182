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

void region_tlb_entry(const struct cfg_region *r, uint32_t addr, uint32_t pid,
                      struct tlb_entry *e)
{
    /* Largest page first: 16 MiB (code 7) down to 16 KiB (code 2); 4 KiB
     * (code 1) always fits because regions are 4 KiB aligned and sized. */
    uint32_t code = 1u;
    uint32_t c;

    /*@ loop invariant 1 <= c <= 7;
        loop assigns c;
        loop variant c;
    */
    for (c = 7u; c > 1u; c--) { /* @wcet-bound 6 */
        const uint32_t size = page_bytes[c];
        const uint32_t base = addr - addr % size;
        if (base >= r->guest && r->size >= size && base - r->guest <= r->size - size &&
            r->host % size == r->guest % size) {
            code = c;
            break;
        }
    }

    const uint32_t page = addr - addr % page_bytes[code];
    const uint32_t rpn = r->host + (page - r->guest);
    const uint32_t writable = (r->attr & REGION_W) != 0u ? 1u : 0u;
    const uint32_t executable =
        ((r->attr & REGION_X) != 0u && (r->attr & REGION_DEVICE) == 0u) ? 1u : 0u;
    const uint32_t device = (r->attr & REGION_DEVICE) != 0u ? 1u : 0u;

    e->hi = page + code * 128u + 64u;                  /* EPN | SIZE | V */
    e->lo = rpn + executable * 512u + writable * 256u  /* RPN | EX | WR */
          + ZONE_GUEST * 16u + device * 5u;            /* ZSEL | I | G */
    e->pid = pid;
}
