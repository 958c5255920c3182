/*
 * The core's single C entry: every exception vector saves the interrupted
 * context and calls proteus_trap(cause, ctx); the context it returns is
 * the one resumed.
 * REQ: SCHED-001/002 (PIT ends the window; the next starts on its
 *      absolute deadline), PART-002 (TLB misses), HC-001 (the hypercall
 *      instruction), HM-001 (everything else a partition causes),
 *      CORE-001 (a trap taken in the core itself stops the machine).
 */
#include <proteus/arch.h>
#include <proteus/hcall.h>
#include <proteus/trap.h>
#include <proteus/tables.h>


struct sched sched;

#if CONFIG_TRACE_WINDOWS > 0
static uint32_t trace_count;
static uint64_t trace_origin;

/* Test aid (SCHED-004): log the start time of the first windows. */
/*@ requires w < CONFIG_NUM_WINDOWS;
    assigns trace_count, trace_origin;
*/
static void trace_window(uint32_t w, uint64_t now)
{
    if (trace_count == 0u) {
        trace_origin = now;
    }
    if (trace_count < CONFIG_TRACE_WINDOWS) {
        log_puts("sched: window ");
        log_dec(trace_count);
        arch_uart_putc(' ');
        log_name(cfg_partitions[cfg_windows[w].partition].name);
        log_puts(" +");
        log_dec((uint32_t)(now - trace_origin));
        log_nl();
        trace_count++;
    }
}
#else
/*@ assigns \nothing; */
static void trace_window(uint32_t w, uint64_t now)
{
    (void)w;
    (void)now;
}
#endif

/* Arm the PIT for the end of the current window and switch to its owner. */
/*@ requires sched.window < CONFIG_NUM_WINDOWS && cur_index < CONFIG_NUM_PARTITIONS;
    ensures cur_index == cfg_windows[sched.window].partition;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
struct ctx *sched_begin_window(uint64_t now)
{
    const uint32_t w = sched.window;

    arch_pit_set(sched_pit_value(sched_window_end(&sched, cfg_windows), now));
    trace_window(w, now);
    return partition_switch(cfg_windows[w].partition);
}

/*@ requires sched.window < CONFIG_NUM_WINDOWS && cur_index < CONFIG_NUM_PARTITIONS;
    ensures sched.window == (\old(sched.window) + 1) % CONFIG_NUM_WINDOWS;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
static struct ctx *sched_tick(void)
{
    const uint64_t now = arch_tb_read();

    (void)sched_advance(&sched, CONFIG_NUM_WINDOWS, CONFIG_MAJOR_FRAME);
    return sched_begin_window(now);
}

/* The guest's instruction at pc, if pc lies in one of its executable
 * regions; returns -1 otherwise. */
/*@ requires \valid(insn) && cur_index < CONFIG_NUM_PARTITIONS;
    assigns *insn;
    ensures \result == 0 || \result == -1;
*/
static int fetch_insn(uint32_t pc, uint32_t *insn)
{
    const struct cfg_partition *cp = &cfg_partitions[cur_index];
    const struct cfg_region *regs = &cfg_regions[cp->first_region];
    const uint32_t k = region_find(regs, cp->num_regions, pc);

    if (k == cp->num_regions) {
        return -1;
    }
    if ((regs[k].attr & (REGION_X | REGION_DEVICE)) != REGION_X || (pc & 3u) != 0u) {
        return -1;
    }
    *insn = arch_phys_read32(regs[k].host + (pc - regs[k].guest));
    return 0;
}

/* A program interrupt: the hypercall instruction, or a fault (HC-001). */
/*@ requires c == &partitions[cur_index].ctx && cur_index < CONFIG_NUM_PARTITIONS;
    ensures \result == c || \result == &idle_ctx;
*/
static struct ctx *program_trap(struct ctx *c)
{
    uint32_t insn = 0u;
    const int illegal = (c->esr & ESR_PIL) != 0u;

    if (illegal && fetch_insn(c->pc, &insn) == 0 && insn == HC_INSN) {
        return hcall_dispatch(c);
    }
    return hm_fault(CAUSE_PROGRAM, c->pc);
}

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \false;
*/
_Noreturn static void panic(uint32_t cause, const struct ctx *c)
{
    log_puts("PANIC: core trap cause ");
    log_dec(cause);
    log_puts(" pc=");
    log_hex32(c->pc);
    log_puts(" msr=");
    log_hex32(c->msr);
    log_puts(" esr=");
    log_hex32(c->esr);
    log_puts(" dear=");
    log_hex32(c->dear);
    log_nl();
    arch_halt();
}

/*@ requires \valid(cur) && cur_index < CONFIG_NUM_PARTITIONS;
    requires sched.window < CONFIG_NUM_WINDOWS;
    ensures cur_index < CONFIG_NUM_PARTITIONS;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
struct ctx *proteus_trap(uint32_t cause, struct ctx *cur)
{
    const int own_ctx = cur == &partitions[cur_index].ctx;
    const uint32_t state = partitions[cur_index].state;
    const int from_guest = own_ctx && state == PART_RUNNING && (cur->msr & MSR_PR) != 0u;
    const int from_reload = own_ctx && state == PART_LOADING;
    const int from_idle = cur == &idle_ctx;

    if (cause == CAUSE_PIT && (from_guest || from_reload || from_idle)) {
        return sched_tick();
    }
    if (!from_guest) {
        panic(cause, cur);
    }
    //@ assert partition_cfg_ok(cur_index);
    switch (cause) {
    case CAUSE_DTLB:
        return tlb_refill(cur_index, cur->dear) == 0 ? cur : hm_fault(cause, cur->dear);
    case CAUSE_ITLB:
        return tlb_refill(cur_index, cur->pc) == 0 ? cur : hm_fault(cause, cur->pc);
    case CAUSE_PROGRAM:
        return program_trap(cur);
    case CAUSE_DSI:
    case CAUSE_ALIGNMENT:
        return hm_fault(cause, cur->dear);
    case CAUSE_ISI:
    case CAUSE_SYSCALL:
    case CAUSE_MCHECK:
    case CAUSE_DEBUG:
    case CAUSE_OTHER:
        return hm_fault(cause, cur->pc);
    default:
        /* critical input, external, FIT, watchdog: never enabled. */
        panic(cause, cur);
    }
}
