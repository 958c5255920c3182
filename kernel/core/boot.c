/*
 * Boot: called once from _start with translation and interrupts off.
 * Initialises the machine, makes every partition's context its reload
 * routine (each partition loads its image in its own first window) and
 * starts the first window.  REQ: BOOT-001, HM-004.
 */
#include <proteus/arch.h>
#include <proteus/tables.h>


/*@ ensures cur_index < CONFIG_NUM_PARTITIONS && sched_inv;
    ensures \result == &partitions[cur_index].ctx;
*/
struct ctx *proteus_main(void)
{
    uint32_t i;
    uint64_t now;

    arch_init();
    log_puts("Proteus-405: configuration " CONFIG_NAME ", ");
    log_dec(CONFIG_NUM_PARTITIONS);
    log_puts(" partitions, ");
#if CONFIG_SCHED_CYCLIC
    log_dec(CONFIG_NUM_WINDOWS);
    log_puts(" windows, major frame ");
    log_dec(CONFIG_MAJOR_FRAME);
    log_puts(" ticks");
#else
    log_puts("fixed-priority scheduler");
#endif
    log_nl();

    idle_ctx.pc = arch_idle_entry();
    idle_ctx.msr = MSR_CORE_BG;
    /*@ loop invariant 0 <= i <= CONFIG_NUM_PARTITIONS;
        loop variant CONFIG_NUM_PARTITIONS - i; */
    for (i = 0u; i < CONFIG_NUM_PARTITIONS; i++) { /* @wcet-bound CONFIG_NUM_PARTITIONS */
        partition_reload(i);
    }
    now = arch_tb_read();
    sched_boot(now);
    return sched_begin_window(now);
}
