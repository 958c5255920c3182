/*
 * Health monitor: every trap a partition causes that the core does not
 * handle on its behalf ends here and leads to exactly the action the
 * configuration gives that partition, logged with partition, cause and
 * address.
 * REQ: HM-001 (unhandled partition traps go to the health monitor),
 *      HM-002 (the configured action, halt or restart, is applied),
 *      HM-003 (one log line: partition, cause, pc, address, syndrome, action).
 */
#include <proteus/arch.h>
#include <proteus/trap.h>
#include <proteus/tables.h>


#define FAULT_NAME_MAX 20u

/* Causes by number, then the program interrupt's three kinds. */
#define NAME_PROGRAM_PRIVILEGED CAUSE_ALL
#define NAME_PROGRAM_TRAP       (CAUSE_ALL + 1u)
#define NAME_PROGRAM_ILLEGAL    (CAUSE_ALL + 2u)
#define NAME_UNKNOWN            (CAUSE_ALL + 3u)
static const char fault_names[CAUSE_ALL + 4u][FAULT_NAME_MAX] = {
    "none", "critical", "machine-check", "dsi", "isi", "external",
    "alignment", "program", "syscall", "pit", "fit", "watchdog",
    "dtlb-miss", "itlb-miss", "debug", "vector",
    "unsupported-insn", "unsupported-tlb", "unsupported-xlate",
    "unsupported-sler", "unsupported-dcr", "unsupported-timer", "guest-reset",
    "program-privileged", "program-trap", "program-illegal", "unknown",
};

/* Index into fault_names of a trap's cause (HM-003). */
/*@ assigns \nothing;
    ensures \result < CAUSE_ALL + 4u;
*/
static uint32_t fault_name(uint32_t cause, uint32_t esr)
{
    const int program = cause == CAUSE_PROGRAM;

    if (program && (esr & ESR_PPR) != 0u) {
        return NAME_PROGRAM_PRIVILEGED;
    }
    if (program && (esr & ESR_PTR) != 0u) {
        return NAME_PROGRAM_TRAP;
    }
    if (program && (esr & ESR_PIL) != 0u) {
        return NAME_PROGRAM_ILLEGAL;
    }
    return cause < CAUSE_ALL ? cause : NAME_UNKNOWN;
}

#if CONFIG_HM_RESTART
/* The restart action: the partition's image is reloaded in its own
 * windows (HM-004).  In the core only when some partition's on_fault is
 * restart (CFG-003). */
/*@ requires index < CONFIG_NUM_PARTITIONS;
    ensures partitions[index].state == PART_LOADING;
    ensures \result == &partitions[index].ctx;
*/
struct ctx *hm_restart(uint32_t index)
{
    log_puts(" -> restart #");
    log_dec(partitions[index].starts);
    log_nl();
    arch_tlb_invalidate_all();
    partition_reload(index);
    return &partitions[index].ctx;
}
#endif

#if CONFIG_HM_HALT
/* The halt action: the partition's windows run the idle loop from now on.
 * In the core only when some partition's on_fault is halt (CFG-003). */
/*@ requires index < CONFIG_NUM_PARTITIONS;
    ensures partitions[index].state == PART_HALTED;
    ensures \result == &idle_ctx;
*/
struct ctx *hm_halt(uint32_t index)
{
    log_puts(" -> halt");
    log_nl();
    partitions[index].state = PART_HALTED;
    return &idle_ctx;
}
#endif

/*@ requires cur_index < CONFIG_NUM_PARTITIONS;
    ensures cfg_partitions[cur_index].hm_action == HM_ACTION_RESTART ==>
            partitions[cur_index].state == PART_LOADING &&
            \result == &partitions[cur_index].ctx;
    ensures cfg_partitions[cur_index].hm_action != HM_ACTION_RESTART ==>
            partitions[cur_index].state == PART_HALTED && \result == &idle_ctx;
*/
struct ctx *hm_fault(uint32_t cause, uint32_t addr)
{
    const uint32_t index = cur_index;
    const struct cfg_partition *cp = &cfg_partitions[index];
    struct partition *p = &partitions[index];

    console_flush(p, cp->name);
    log_puts("HM: ");
    log_name(cp->name);
    arch_uart_putc(' ');
    log_write(fault_names[fault_name(cause, p->ctx.esr)], FAULT_NAME_MAX);
    log_puts(" pc=");
    log_hex32(p->ctx.pc);
    if (cause >= CAUSE_UNSUP_INSN && cause <= CAUSE_UNSUP_TIMER) {
        log_puts(" insn="); /* the instruction the core does not emulate */
    } else {
        log_puts(" addr=");
    }
    log_hex32(addr);
    log_puts(" esr=");
    log_hex32(p->ctx.esr);
    /* Every partition's action is one the configuration compiled in. */
#if CONFIG_HM_RESTART && CONFIG_HM_HALT
    return cp->hm_action == HM_ACTION_RESTART ? hm_restart(index) : hm_halt(index);
#elif CONFIG_HM_RESTART
    return hm_restart(index);
#else
    return hm_halt(index);
#endif
}
