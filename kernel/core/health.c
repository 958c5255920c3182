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

/* Index into fault_names of a trap's cause (HM-003): the cause's own
 * name, a program interrupt's kind by its syndrome (privileged, trap,
 * illegal, in the 405's order of priority), "unknown" for a number no
 * vector or emulation passes. */
/*@ assigns \nothing;
    ensures \result < CAUSE_ALL + 4u;
    ensures cause != CAUSE_PROGRAM && cause < CAUSE_ALL ==> \result == cause;  // HM-003
    ensures cause >= CAUSE_ALL ==> \result == NAME_UNKNOWN;
    ensures cause == CAUSE_PROGRAM && (esr & ESR_PPR) != 0 ==> \result == NAME_PROGRAM_PRIVILEGED;
    ensures cause == CAUSE_PROGRAM && (esr & ESR_PPR) == 0 && (esr & ESR_PTR) != 0 ==>
            \result == NAME_PROGRAM_TRAP;
    ensures cause == CAUSE_PROGRAM && (esr & ESR_PPR) == 0 && (esr & ESR_PTR) == 0 &&
            (esr & ESR_PIL) != 0 ==> \result == NAME_PROGRAM_ILLEGAL;
    ensures cause == CAUSE_PROGRAM && (esr & ESR_PPR) == 0 && (esr & ESR_PTR) == 0 &&
            (esr & ESR_PIL) == 0 ==> \result == CAUSE_PROGRAM;
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

/* hm_restarted and hm_halted (HM-002): tables.h. */

#if CONFIG_HM_RESTART
/* The restart action: the partition's image is reloaded in its own
 * windows (HM-004).  In the core only when some partition's on_fault is
 * restart (CFG-003). */
/*@ requires index < CONFIG_NUM_PARTITIONS;
    assigns partitions[index].ctx, partitions[index].state,
            partitions[index].line_len;
    ensures hm_restarted(index, \result);  // HM-002, HM-004
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
    assigns partitions[index].state;
    ensures hm_halted{Pre, Post}(index) && \result == &idle_ctx;  // HM-002
*/
struct ctx *hm_halt(uint32_t index)
{
    log_puts(" -> halt");
    log_nl();
    partitions[index].state = PART_HALTED;
    return &idle_ctx;
}
#endif

/* A fault of the partition that owns the current window (cur_index): its
 * pending console line, the HM line, then the configured action (HM-001,
 * HM-002, HM-003).  Its contract is at its declaration (tables.h): trap.c
 * relies on it. */
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
    /* Every partition's action is one the configuration compiled in
     * (hm_action_ok). */
#if CONFIG_HM_RESTART && CONFIG_HM_HALT
    return cp->hm_action == HM_ACTION_RESTART ? hm_restart(index) : hm_halt(index);
#elif CONFIG_HM_RESTART
    return hm_restart(index);
#else
    return hm_halt(index);
#endif
}
