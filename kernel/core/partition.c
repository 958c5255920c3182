/*
 * Partition state: (re)start from the pristine image, and the switch
 * between partitions at window boundaries.
 * REQ: PART-003 (TLB flushed and PID set when the running partition
 *      changes), PART-004 (problem-state-visible SPRs hold the running
 *      partition's own values), SCHED-003, HM-002, HM-004 (a reload runs
 *      in the partition's own windows).
 */
#include <proteus/arch.h>
#include <proteus/tables.h>


struct partition partitions[CONFIG_NUM_PARTITIONS];
struct ctx idle_ctx;
uint32_t cur_index;

/* Reset a context to all zeroes (no library call in the core). */
/*@ requires \valid(c);
    assigns *c;
*/
static void ctx_clear(struct ctx *c)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= 32;
        loop assigns i, c->gpr[0 .. 31];
        loop variant 32 - i; */
    for (i = 0u; i < 32u; i++) { /* @wcet-bound 32 */
        c->gpr[i] = 0u;
    }
    c->cr = 0u;
    c->xer = 0u;
    c->lr = 0u;
    c->ctr = 0u;
    c->pc = 0u;
    c->msr = 0u;
    c->esr = 0u;
    c->dear = 0u;
}

/* Start (or restart) a partition: its context becomes the core's reload
 * routine, which runs in the partition's own windows, preemptible by the
 * PIT, so a reload never delays another partition's window.  Its contract
 * is at its declaration (core.h): boot.c and health.c rely on it.
 * REQ: HM-004. */
void partition_reload(uint32_t index)
{
    struct partition *p = &partitions[index];

    ctx_clear(&p->ctx);
    arch_reload_ctx(&p->ctx, index);
    p->line_len = 0u;
    p->state = PART_LOADING;
}

/* Zero the partition's RAM regions and copy its image in.  Runs in the
 * partition's reload context (supervisor, interrupts on).  Called from the
 * reload routine (reload.S), not from C: its preconditions are assumptions,
 * index being the one partition_reload gave the routine (arch_reload_ctx,
 * r3) and config_ok being proven for each configuration's tables
 * (proofs/config_ok.c).  REQ: HM-002. */
/*@ requires index < CONFIG_NUM_PARTITIONS;
    requires config_ok;
    assigns \nothing;
*/
void partition_load(uint32_t index)
{
    const struct cfg_partition *cp = &cfg_partitions[index];
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
}

/* The image is in place: the partition's guest context starts at its entry
 * point in problem state with every register zero, its virtual 405 as the
 * bare board starts (virtual supervisor state, real mode, MSR 0).  Called
 * by the reload routine with interrupts off; returns the context to
 * resume.  The PID already is the partition's: it is the current one
 * (index == cur_index), whose PID sched_boot or partition_switch set, and
 * nothing since changed it (a restart keeps cur_index; arch_tlb_write
 * restores the PID it borrows).  REQ: PART-004, HM-002, FV-002. */
/*@ requires index < CONFIG_NUM_PARTITIONS && index == cur_index;
    requires parts_ok;  // the reload routine runs between two traps
    assigns partitions[index];
    ensures parts_ok;   // with the assigns clause: core_inv is kept
    ensures partitions[index].ctx.msr == MSR_GUEST;
    ensures partitions[index].state == PART_RUNNING;
    ensures partitions[index].starts >= 1;
    ensures \result == &partitions[index].ctx;
*/
struct ctx *partition_loaded(uint32_t index)
{
    struct partition *p = &partitions[index];

    ctx_clear(&p->ctx);
    p->ctx.pc = cfg_partitions[index].entry;
    p->ctx.msr = MSR_GUEST;
    vcpu_reset(&p->v, arch_tb_read());
    p->state = PART_RUNNING;
    if (p->starts < 0xFFFFFFFFu) {
        p->starts++; /* saturates after 2^32 - 1 starts */
    }
    arch_uregs_load(&p->v.r);
    return &p->ctx;
}

/* Make next the current partition.  The live registers of the current
 * one are saved first, so that on return the fields of the new current
 * partition's vregs are up to date (they are what the registers hold).
 * When the partition changes, the TLB is flushed and the PID becomes the
 * new partition's (PART-003): every context resumed from now on until
 * the next change is next's (its guest or reload routine) or the idle
 * loop, which runs untranslated, so the PID is right whenever next's
 * guest runs.  Its contract is at its declaration (tables.h): trap.c
 * relies on it.  REQ: PART-003, PART-004, SCHED-003. */
struct ctx *partition_switch(uint32_t next)
{
    const int changes = next != cur_index;

    arch_uregs_save(&partitions[cur_index].v.r);
    if (changes) {
        arch_tlb_invalidate_all();
        arch_pid_set(cfg_partitions[next].pid);
        cur_index = next;
        arch_uregs_load(&partitions[next].v.r);
    }
    return partition_resume();
}

/* The context that runs in the current window: the partition's own
 * (guest or reload routine), or the idle loop when it is halted (contract
 * at its declaration, tables.h). */
struct ctx *partition_resume(void)
{
    const int halted = partitions[cur_index].state == PART_HALTED;

    return halted ? &idle_ctx : &partitions[cur_index].ctx;
}
