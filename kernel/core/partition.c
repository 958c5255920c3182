/*
 * Partition state: (re)start from the pristine image, and the switch
 * between partitions at window boundaries.
 * REQ: PART-003 (TLB flushed when the running partition changes, entries
 *      tagged with the partition's PID), PART-004 (problem-state-visible
 *      SPRs hold the running partition's own values), SCHED-003, HM-002.
 */
#include <proteus/arch.h>
#include "config.h"

extern const struct cfg_partition cfg_partitions[CONFIG_NUM_PARTITIONS];
extern const struct cfg_region cfg_regions[CONFIG_NUM_REGIONS];
extern const struct cfg_load cfg_loads[];

struct partition partitions[CONFIG_NUM_PARTITIONS];
struct ctx idle_ctx;
uint32_t cur_index;

/*@ requires index < CONFIG_NUM_PARTITIONS;
    assigns partitions[index];
    ensures partitions[index].ctx.msr == MSR_GUEST;
    ensures partitions[index].ctx.pid == cfg_partitions[index].pid;
    ensures partitions[index].state == PART_RUNNING;
*/
void partition_start(uint32_t index)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
    struct partition *p = &partitions[index];
    uint32_t i;

    /*@ loop invariant 0 <= i <= cp->num_regions;
        loop assigns i;
        loop variant cp->num_regions - i; */
    for (i = 0u; i < cp->num_regions; i++) { /* @wcet-bound CFG_MAX_REGIONS */
        const struct cfg_region *r = &cfg_regions[cp->first_region + i];
        const int is_ram = (r->attr & REGION_DEVICE) == 0u;
        if (is_ram) {
            arch_phys_zero(r->host, r->size);
        }
    }
    /*@ loop invariant 0 <= i <= cp->num_loads;
        loop assigns i;
        loop variant cp->num_loads - i; */
    for (i = 0u; i < cp->num_loads; i++) { /* @wcet-bound CONFIG_NUM_LOADS */
        const struct cfg_load *l = &cfg_loads[cp->first_load + i];
        arch_image_copy(l->host, l->src, l->len);
    }

    /*@ loop invariant 0 <= i <= 32;
        loop assigns i, p->ctx.gpr[0 .. 31];
        loop variant 32 - i; */
    for (i = 0u; i < 32u; i++) { /* @wcet-bound 32 */
        p->ctx.gpr[i] = 0u;
    }
    p->ctx.cr = 0u;
    p->ctx.xer = 0u;
    p->ctx.lr = 0u;
    p->ctx.ctr = 0u;
    p->ctx.esr = 0u;
    p->ctx.dear = 0u;
    p->ctx.sprg0 = 0u;
    p->ctx.sprg4 = 0u;
    p->ctx.sprg5 = 0u;
    p->ctx.sprg6 = 0u;
    p->ctx.sprg7 = 0u;
    p->ctx.srr2 = 0u;
    p->ctx.srr3 = 0u;
    p->ctx.pc = cp->entry;
    p->ctx.msr = MSR_GUEST;
    p->ctx.pid = cp->pid;
    p->line_len = 0u;
    p->state = PART_RUNNING;
    p->starts++;
}

/*@ requires next < CONFIG_NUM_PARTITIONS && cur_index < CONFIG_NUM_PARTITIONS;
    assigns cur_index, partitions[\old(cur_index)].ctx.sprg0,
            partitions[\old(cur_index)].ctx.sprg4, partitions[\old(cur_index)].ctx.sprg5,
            partitions[\old(cur_index)].ctx.sprg6, partitions[\old(cur_index)].ctx.sprg7,
            partitions[\old(cur_index)].ctx.srr2, partitions[\old(cur_index)].ctx.srr3;
    ensures cur_index == next;
    ensures \result == &partitions[next].ctx || \result == &idle_ctx;
*/
struct ctx *partition_switch(uint32_t next)
{
    const int changes = next != cur_index;

    if (changes) {
        arch_uregs_save(&partitions[cur_index].ctx);
        arch_tlb_invalidate_all();
        cur_index = next;
        arch_uregs_load(&partitions[next].ctx);
    }
    return partition_resume();
}

/*@ requires cur_index < CONFIG_NUM_PARTITIONS;
    assigns \nothing;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
struct ctx *partition_resume(void)
{
    const int running = partitions[cur_index].state == PART_RUNNING;

    return running ? &partitions[cur_index].ctx : &idle_ctx;
}
