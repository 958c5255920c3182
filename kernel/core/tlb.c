/*
 * TLB refill for the running partition: the 405's TLB is software-managed,
 * so every translation a partition uses was installed here, from its own
 * configured regions only.  Replacement is round-robin over the 64 entries.
 * REQ: PART-002.  (TLB virtualization will extend this path with a shadow
 * of the guest's own TLB.)
 */
#include <proteus/arch_tables.h>


/* Not static: its bound is part of the core's invariant (core_inv,
 * tables.h). */
uint32_t tlb_next;

/* Install the entry that maps addr for the running partition (index).
 * Its contract is at its declaration (tables.h): trap.c relies on it.
 * The PART-002 obligation is arch_tlb_write's precondition: the entry
 * lies inside one of the partition's regions. */
int tlb_refill(uint32_t index, uint32_t addr)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
    const struct cfg_region *regs = &cfg_regions[cp->first_region];
    const uint32_t k = region_find(regs, cp->num_regions, addr);
    struct tlb_entry e;

    if (k == cp->num_regions) {
        return -1;
    }
    region_tlb_entry(&regs[k], addr, cp->pid, &e);
    //@ assert PART_002: entry_inside(e, cfg_regions[cp->first_region + k]);
    arch_tlb_write(tlb_next, &e);
    tlb_next = (tlb_next + 1u) % TLB_ENTRIES;
    return 0;
}
