/*
 * Boot: called once from _start with translation and interrupts off.
 * Initialises the machine, makes every partition's context its reload
 * routine (each partition loads its image in its own first window) and
 * starts the first window.  REQ: BOOT-001, HM-004.
 */
#include <proteus/arch.h>
#include <proteus/tables.h>


/* Entered once from _start (start.S), never from C: its preconditions
 * are not proven at a call site but are assumptions: config_ok on the
 * tables linked into the image, discharged for each configuration by
 * proofs/config_ok.c (the configuration's tables satisfy config_ok), and
 * bss_clear, the .bss start.S clears before the call (the TLB's round
 * robin and the window trace start at 0).
 * Before the first window: every partition's context is its reload
 * routine and its console line empty (BOOT-001, HM-004: each partition
 * loads its image in its own windows), the idle context runs the idle loop
 * (asserted below).  On return, the trap path's invariant holds (core_inv:
 * proteus_trap's precondition) and the result is the context the first
 * window resumes. */
/*@ requires config_ok && bss_clear;
    ensures core_inv;  // BOOT-001
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
struct ctx *proteus_main(void)
{
    uint32_t i;
    uint64_t now;

    arch_init();
    log_write(cfg_banner, CFG_BANNER_MAX + 1u);
    log_nl();

    idle_ctx.pc = arch_idle_entry();
    idle_ctx.msr = MSR_CORE_BG;
    /*@ loop invariant 0 <= i <= CONFIG_NUM_PARTITIONS;
        loop invariant \forall integer k; 0 <= k < i ==>
            partitions[k].state == PART_LOADING &&
            partitions[k].ctx.msr == MSR_CORE_BG && partitions[k].ctx.gpr[3] == k &&
            partitions[k].line_len == 0;
        loop assigns i, partitions[0 .. CONFIG_NUM_PARTITIONS - 1];
        loop variant CONFIG_NUM_PARTITIONS - i; */
    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) { /* @wcet-bound CONFIG_NUM_PARTITIONS */
        partition_reload(i);
    }
    now = arch_tb_read();
    sched_boot(now);
    /*@ assert boot_001: \forall integer k; 0 <= k < CONFIG_NUM_PARTITIONS ==>
            partitions[k].state == PART_LOADING &&
            partitions[k].ctx.msr == MSR_CORE_BG && partitions[k].ctx.gpr[3] == k &&
            partitions[k].line_len == 0;  // BOOT-001, HM-004 */
    /*@ assert idle_ctx.msr == MSR_CORE_BG; */
    return sched_begin_window(now);
}
