/*
 * Spatial partitioning: guest-physical address -> configured region, and
 * the TLB entry the core may install for it.
 * REQ: PART-001 (regions are static, from the configuration),
 *      PART-002 (every installed entry lies inside one region of the
 *      running partition, with at most its permissions, tagged with its PID).
 */
#include <proteus/core.h>

uint32_t region_find(const struct cfg_region *regs, uint32_t n, uint32_t addr)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer k; 0 <= k < i ==> !in_region(regs[k], addr);
        loop assigns i;
        loop variant n - i;
    */
    for (i = 0u; i < n; i++) { /* @wcet-bound CFG_MAX_REGIONS */
        const uint32_t offset = addr - regs[i].guest;
        const int at_or_above_base = addr >= regs[i].guest;
        const int below_end = offset < regs[i].size;
        if (at_or_above_base && below_end) {
            break;
        }
    }
    return i;
}

uint32_t tlb_size_bytes(uint32_t code)
{
    return 1024u << (2u * code);
}

void region_tlb_entry(const struct cfg_region *r, uint32_t addr, uint32_t pid,
                      struct tlb_entry *e)
{
    /* Largest page first: 16 MiB (code 7) down to 4 KiB (code 1), which
     * always fits because regions are 4 KiB aligned and sized. */
    uint32_t code = 7u;
    uint32_t page = r->guest + (addr - r->guest) / CFG_PAGE_SIZE * CFG_PAGE_SIZE;

    /*@ loop invariant 1 <= code <= 7;
        loop assigns code, page;
        loop variant code;
    */
    for (; code > 1u; code--) { /* @wcet-bound 6 */
        const uint32_t size = tlb_size_bytes(code);
        const uint32_t base = addr & ~(size - 1u);
        const int starts_inside = base >= r->guest;
        const int ends_inside = (uint64_t)base + size <= (uint64_t)r->guest + r->size;
        const int host_aligned = ((r->host - r->guest) & (size - 1u)) == 0u;
        if (starts_inside && ends_inside && host_aligned) {
            page = base;
            break;
        }
    }

    const uint32_t rpn = page - r->guest + r->host;
    const int writable = (r->attr & REGION_W) != 0u;
    const int executable = (r->attr & REGION_X) != 0u;
    const int device = (r->attr & REGION_DEVICE) != 0u;
    uint32_t lo = rpn | (ZONE_GUEST << TLBLO_ZSEL_SHIFT);

    if (writable) {
        lo |= TLBLO_WR;
    }
    if (executable && !device) {
        lo |= TLBLO_EX;
    }
    if (device) {
        lo |= TLBLO_I | TLBLO_G;
    }
    e->hi = page | (code << TLBHI_SIZE_SHIFT) | TLBHI_V;
    e->lo = lo;
    e->pid = pid;
}
