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

/* The scheduler's slots (SCHED-001 or SCHED-005): who owns the current one
 * (SCHED_IDLE: nobody, the idle loop runs), when it ends, the next one. */
#define SCHED_IDLE CFG_MAX_PARTITIONS
#if CONFIG_SCHED_CYCLIC
/*@ requires sched_inv;
    assigns \nothing;
    ensures \result == cfg_windows[sched.window].partition;  // SCHED-001
*/
static uint32_t slot_owner(void)
{
    return cfg_windows[sched.window].partition;
}

/*@ requires sched_inv;
    assigns \nothing;
    ensures \result == sched.frame_start + cfg_windows[sched.window].start +
                       cfg_windows[sched.window].ticks;  // SCHED-002
*/
static uint64_t slot_end(void)
{
    return sched_window_end(&sched, cfg_windows);
}

/*@ requires sched_inv;
    assigns sched;
    ensures sched.window < CONFIG_NUM_WINDOWS;  // SCHED-001
    ensures sched.frame_start == \old(sched.frame_start) ||
            sched.frame_start == \old(sched.frame_start) + CONFIG_MAJOR_FRAME;
*/
static void slot_next(void)
{
    (void)sched_advance(&sched, CONFIG_NUM_WINDOWS, CONFIG_MAJOR_FRAME);
}

/*@ assigns sched;
    ensures sched.window == 0 && sched.frame_start == now;
*/
static void slot_start(uint64_t now)
{
    sched_start(&sched, now);
}
#else
/*@ requires schedule_ok && sched_inv;
    assigns \nothing;
    ensures \result < CONFIG_NUM_PARTITIONS || \result == SCHED_IDLE;
    ensures sched.running < CONFIG_NUM_BUDGETS ==>
            \result == cfg_budgets[sched.running].partition;  // SCHED-005
*/
static uint32_t slot_owner(void)
{
    return sched.running < CONFIG_NUM_BUDGETS ? cfg_budgets[sched.running].partition
                                              : SCHED_IDLE;
}

/*@ assigns \nothing;
    ensures \result == sched.end; */
static uint64_t slot_end(void)
{
    return sched.end;
}

/*@ requires schedule_ok && sched_inv;
    requires sched.end < SCHED_TB_LIMIT - 0x100000000;
    assigns sched;
    ensures sched_inv;  // SCHED-005
    ensures sched.start == \old(sched.end);
*/
static void slot_next(void)
{
    (void)sched_next(&sched, cfg_budgets, CONFIG_NUM_BUDGETS);
}

/*@ requires schedule_ok && now < SCHED_TB_LIMIT - 0x100000000;
    assigns sched;
    ensures sched_inv && sched.start == now && sched.running == 0;  // SCHED-005
*/
static void slot_start(uint64_t now)
{
    sched_start(&sched, cfg_budgets, CONFIG_NUM_BUDGETS, now);
}
#endif

/* Start the scheduler at now; the owner of its first slot becomes the
 * current partition (both schedulers give the first slot to a partition),
 * and the PID its PID (PART-003; partition_switch keeps it so).  Its
 * contract is at its declaration (tables.h): boot.c relies on it.
 * REQ: SCHED-001, SCHED-005. */
void sched_boot(uint64_t now)
{
    slot_start(now);
    cur_index = slot_owner(); /* never SCHED_IDLE at the start (sched_start) */
    arch_pid_set(cfg_partitions[cur_index].pid);
}

#if CONFIG_TRACE_WINDOWS > 0
/* Not static: the trace's state is part of the core's invariant
 * (trace_ok, tables.h). */
uint32_t trace_count;
uint64_t trace_origin;

/* Test aid (SCHED-004): log the start time of the first slots, relative
 * to the first one. */
/*@ requires owner < CONFIG_NUM_PARTITIONS ||
             (CONFIG_SCHED_FIXED_PRIORITY != 0 && owner == SCHED_IDLE);
    requires trace_count == 0 || trace_origin <= now;
    assigns trace_count, trace_origin;
    ensures trace_count >= 1;
    ensures \old(trace_count) == 0 ==> trace_origin == now;
    ensures \old(trace_count) != 0 ==> trace_origin == \old(trace_origin);
*/
static void trace_window(uint32_t owner, uint64_t now)
{
    if (trace_count == 0u) {
        trace_origin = now;
    }
    if (trace_count < CONFIG_TRACE_WINDOWS) {
        log_puts("sched: window ");
        log_dec(trace_count);
        arch_uart_putc(' ');
#if CONFIG_SCHED_FIXED_PRIORITY
        if (owner == SCHED_IDLE) {
            log_puts("(idle)");
        } else
#endif
        {
            log_name(cfg_partitions[owner].name);
        }
        log_puts(" +");
        log_dec((uint32_t)(now - trace_origin));
        log_nl();
        trace_count++;
    }
}
#else
/*@ assigns \nothing; */
static void trace_window(uint32_t owner, uint64_t now)
{
    (void)owner;
    (void)now;
}
#endif

/* Arm the PIT for an absolute deadline, with the time base read right
 * before it: the interrupt comes at the deadline whatever the core did
 * since it entered (SCHED-002). */
/*@ assigns \nothing; */
static void pit_arm(uint64_t deadline)
{
    arch_pit_set(sched_pit_value(deadline, arch_tb_read()));
}

/* Leave the core toward the current window's partition.  A running
 * partition first takes the highest-priority virtual interrupt it has
 * pending and enabled; the PIT is armed for the end of the window, or
 * earlier for the partition's next virtual timer event; the live registers
 * are loaded (the callers saved them).  A partition in the wait state
 * (virtual MSR[WE]) idles until one of its interrupts arrives.
 * REQ: SCHED-002, FV-004, FV-005. */
/*@ requires schedule_ok && sched_inv && cur_index < CONFIG_NUM_PARTITIONS;
    requires parts_ok;
    assigns partitions[cur_index].ctx.pc, partitions[cur_index].v.r;
    ensures parts_ok;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
static struct ctx *window_resume(void)
{
    struct partition *p = &partitions[cur_index];
    const uint64_t end = slot_end();

#if CONFIG_SCHED_FIXED_PRIORITY
    if (slot_owner() == SCHED_IDLE) {
        pit_arm(end);
        return &idle_ctx;
    }
#endif
    if (p->state != PART_RUNNING) {
        pit_arm(end);
        return partition_resume();
    }
#if CONFIG_FV_TIMERS || CONFIG_FV_UIC
    const uint32_t vec = vcpu_pending(&p->v);
    if (vec != VEC_NONE) {
        vcpu_raise(&p->ctx, &p->v, vec, p->ctx.pc);
    }
#endif
#if CONFIG_FV_TIMERS
    const uint64_t next = vtimer_next(&p->v.t, p->v.r.msr);
    pit_arm(next < end ? next : end);
#else
    pit_arm(end);
#endif
    arch_uregs_load(&p->v.r);
#if CONFIG_FV
    return (p->v.r.msr & MSR_WE) != 0u ? &idle_ctx : &p->ctx;
#else
    return &p->ctx;
#endif
}

/* Enter the core on behalf of the current window's partition: save its
 * live registers and bring its timers to now.  Returns WIN_RUN if it runs,
 * WIN_IDLE if it is halted or loading, WIN_RESET if its watchdog asks for
 * a reset: the caller hands that to the health monitor (on its own path,
 * so that no path does two health-monitor actions). */
#define WIN_IDLE  0u
#define WIN_RUN   1u
#define WIN_RESET 2u
/*@ requires schedule_ok && sched_inv && cur_index < CONFIG_NUM_PARTITIONS;
    requires parts_ok;
    assigns partitions[cur_index].v;
    ensures parts_ok;
    ensures \result == WIN_IDLE || \result == WIN_RUN || \result == WIN_RESET;
*/
static uint32_t window_enter(uint64_t now)
{
    struct partition *p = &partitions[cur_index];

#if CONFIG_SCHED_FIXED_PRIORITY
    if (slot_owner() == SCHED_IDLE) {
        return WIN_IDLE;
    }
#endif
    if (p->state != PART_RUNNING) {
        return WIN_IDLE;
    }
    arch_uregs_save(&p->v.r);
#if CONFIG_FV_TIMERS
    return vtimer_sync(&p->v.t, now) != 0u ? WIN_RESET : WIN_RUN;
#else
    (void)now;
    return WIN_RUN;
#endif
}

/* A watchdog reset the guest asked for (TCR[WRC]): the health monitor. */
/*@ requires cur_index < CONFIG_NUM_PARTITIONS;
    requires hm_action_ok(cur_index) && parts_ok;
    assigns partitions[cur_index].ctx, partitions[cur_index].state,
            partitions[cur_index].line_len;
    ensures parts_ok;
*/
static void window_reset(uint32_t entered)
{
#if CONFIG_FV_TIMERS
    if (entered == WIN_RESET) {
        (void)hm_fault(CAUSE_GUEST_RESET, partitions[cur_index].ctx.pc);
    }
#else
    (void)entered; /* no watchdog without the virtual timers */
#endif
}

/* Start the current slot at now: switch to its owner.  A slot nobody
 * owns runs the idle loop; the partition of the last one stays current
 * (its live registers stay in place) until another one gets a slot.  Its
 * contract is at its declaration (tables.h): boot.c relies on it.
 * REQ: SCHED-001, SCHED-005 (the owner becomes the current partition). */
struct ctx *sched_begin_window(uint64_t now)
{
    const uint32_t owner = slot_owner();
    uint32_t entered;
    struct ctx *r;

    trace_window(owner, now);
#if CONFIG_SCHED_FIXED_PRIORITY
    if (owner != SCHED_IDLE)
#endif
    {
        (void)partition_switch(owner);
    }
    /* None of the calls below changes the schedule, the tables or the
     * current partition: the assertions carry core_inv's parts across
     * them one call at a time (the provers' frame reasoning over several
     * calls at once does not end within the timeout under fixed priority,
     * whose state holds arrays). */
    //@ assert switched_sched: sched_inv;
    //@ assert switched_owner: slot_owned(cur_index);
    //@ assert switched_trace: trace_ok;
    //@ assert switched_config: config_ok;
    //@ assert switched_parts: parts_ok;
    entered = window_enter(now);
    //@ assert entered_sched: sched_inv;
    window_reset(entered);
    //@ assert reset_sched: sched_inv;
    //@ assert reset_parts: parts_ok;
    r = window_resume();
    //@ assert resumed_sched: sched_inv;
    //@ assert resumed_owner: slot_owned(cur_index);
    //@ assert resumed_config: config_ok;
    //@ assert resumed_trace: trace_ok;
    return r;
}

/* The PIT: the end of the window, or a virtual timer event inside it. */
/*@ requires core_inv;
    assigns sched, cur_index, partitions[0 .. CONFIG_NUM_PARTITIONS - 1] TRACE_STATE;
    ensures core_inv;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
static struct ctx *timer_tick(void)
{
    const uint64_t now = arch_tb_read();

    if (now >= slot_end()) {
        slot_next();
        return sched_begin_window(now);
    }
    window_reset(window_enter(now));
    return window_resume();
}

/* The guest's instruction at pc, if pc lies in one of its executable
 * regions; returns -1 otherwise. */
/*@ requires \valid(insn) && cur_index < CONFIG_NUM_PARTITIONS;
    requires partition_cfg_ok(cur_index);
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
    /* pc % 4u: the same code as pc & 3u, and the word alignment
     * arch_phys_read32 requires as the provers read it. */
    if ((regs[k].attr & (REGION_X | REGION_DEVICE)) != REGION_X || pc % 4u != 0u) {
        return -1;
    }
    *insn = arch_phys_read32(regs[k].host + (pc - regs[k].guest));
    return 0;
}

#if CONFIG_FV
/* The guest's program interrupt with syndrome esr, at the instruction. */
/*@ requires \valid(p);
    assigns p->ctx.pc, p->v.r;
*/
static void raise_program(struct partition *p, uint32_t esr)
{
    p->v.r.reg[VI_ESR] = esr;
    vcpu_raise(&p->ctx, &p->v, VEC_PROGRAM, p->ctx.pc);
}
#endif

/* A program interrupt: the hypercall instruction (HC-001), a privileged
 * instruction of the guest's virtual supervisor state (emulated, FV-001),
 * or the guest's own program interrupt (FV-003).  Without full
 * virtualization, a privileged instruction goes to the health monitor
 * (unsupported-insn, with the word) and so does any other program
 * interrupt (HM-001): the partition has no virtual vectors. */
/*@ requires cur_index < CONFIG_NUM_PARTITIONS && c == &partitions[cur_index].ctx;
    requires partition_cfg_ok(cur_index) && hm_action_ok(cur_index);
    requires parts_ok && partitions[cur_index].state == PART_RUNNING;
    assigns partitions[cur_index];
    ensures parts_ok;
*/
static void program_trap(struct ctx *c, uint64_t now)
{
    uint32_t insn = 0u;

    if (fetch_insn(c->pc, &insn) != 0) {
        (void)hm_fault(CAUSE_PROGRAM, c->pc);
        return;
    }
    if ((c->esr & ESR_PIL) != 0u && insn == HC_INSN) {
        (void)hcall_dispatch(c);
        return;
    }
#if !CONFIG_FV
    (void)now;
    if ((c->esr & ESR_PPR) != 0u) {
        (void)hm_fault(CAUSE_UNSUP_INSN, insn);
    } else {
        (void)hm_fault(CAUSE_PROGRAM, c->pc);
    }
#else
    struct partition *p = &partitions[cur_index];
    uint32_t r;

    if ((c->esr & ESR_PPR) == 0u || (p->v.r.msr & MSR_PR) != 0u) {
        raise_program(p, c->esr & (ESR_PIL | ESR_PPR | ESR_PTR));
        return;
    }
    r = emul_insn(c, &p->v, insn, now);
    switch (r) {
    case EMUL_NEXT:
        c->pc = (uint32_t)((uint64_t)c->pc + 4u);
        break;
    case EMUL_GOTO:
        break;
    case EMUL_PRIV:
        raise_program(p, ESR_PPR);
        break;
    case EMUL_ILLEGAL:
        raise_program(p, ESR_PIL);
        break;
    case EMUL_RESET:
        (void)hm_fault(CAUSE_GUEST_RESET, c->pc);
        break;
    case EMUL_ALIGN:
        vcpu_raise(c, &p->v, VEC_ALIGNMENT, c->pc);
        break;
    default: /* EMUL_UNSUP_*: the cause names what is missing */
        (void)hm_fault(CAUSE_UNSUP_INSN + (r - EMUL_UNSUP_INSN), insn);
        break;
    }
#endif
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

/* A TLB miss of the running partition at addr (PART-002): the entry of
 * the region that holds addr is installed and the partition resumes, or
 * addr lies in none of its regions and the health monitor acts (HM-001). */
/*@ requires cur_index < CONFIG_NUM_PARTITIONS && c == &partitions[cur_index].ctx;
    requires partition_cfg_ok(cur_index) && hm_action_ok(cur_index);
    requires parts_ok && tlb_next < TLB_ENTRIES;
    assigns tlb_next, partitions[cur_index].ctx, partitions[cur_index].state,
            partitions[cur_index].line_len;
    ensures parts_ok && tlb_next < TLB_ENTRIES;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
static struct ctx *tlb_miss(uint32_t cause, struct ctx *c, uint32_t addr)
{
    return tlb_refill(cur_index, addr) == 0 ? c : hm_fault(cause, addr);
}

/* Any other exception of the running partition, in its window: its
 * handler (the program interrupt's, the guest's own vectors under full
 * virtualization) or the health monitor (HM-001).  No vector passes a
 * cause outside this list: another one is a fault of the core. */
/*@ requires cur_index < CONFIG_NUM_PARTITIONS && c == &partitions[cur_index].ctx;
    requires partition_cfg_ok(cur_index) && hm_action_ok(cur_index);
    requires parts_ok && partitions[cur_index].state == PART_RUNNING;
    assigns partitions[cur_index];
    ensures parts_ok;
*/
static void guest_exception(uint32_t cause, struct ctx *c, uint64_t now)
{
    switch (cause) {
    case CAUSE_PROGRAM:
        program_trap(c, now);
        break;
#if CONFIG_FV
    case CAUSE_SYSCALL:
        /* sc: to the guest's own system-call vector, SRR0 = next. */
        vcpu_raise(c, &partitions[cur_index].v, VEC_SYSCALL, c->pc);
        break;
    case CAUSE_ALIGNMENT:
        /* DEAR = the effective address; ESR is left alone. */
        partitions[cur_index].v.r.reg[VI_DEAR] = c->dear;
        vcpu_raise(c, &partitions[cur_index].v, VEC_ALIGNMENT, c->pc);
        break;
#else
    case CAUSE_SYSCALL: /* no virtual vector to deliver it to */
        (void)hm_fault(cause, c->pc);
        break;
    case CAUSE_ALIGNMENT: /* the address, as for a DSI */
#endif
    case CAUSE_DSI:
        /* Only a partition's own regions are mapped: an access the
         * regions refuse breaks the configuration (PART-001). */
        (void)hm_fault(cause, c->dear);
        break;
    case CAUSE_ISI:
    case CAUSE_MCHECK:
    case CAUSE_DEBUG:
    case CAUSE_OTHER:
        (void)hm_fault(cause, c->pc);
        break;
    default:
        /* no vector passes any other number: a fault of the core */
        panic(cause, c);
    }
}

/* The single C entry of every exception (vectors.S): the context to
 * resume is the current partition's or the idle loop's, and the core's
 * invariant holds after every trap as before (proteus_main establishes
 * it).  REQ: SCHED-001, SCHED-005, PART-002, HC-001, HM-001, CORE-001. */
/*@ requires \valid(cur) && core_inv;
    assigns sched, cur_index, tlb_next,
            partitions[0 .. CONFIG_NUM_PARTITIONS - 1] TRACE_STATE;
    ensures core_inv;
    ensures \result == &partitions[cur_index].ctx || \result == &idle_ctx;
*/
struct ctx *proteus_trap(uint32_t cause, struct ctx *cur)
{
    const int own_ctx = cur == &partitions[cur_index].ctx;
    const uint32_t state = partitions[cur_index].state;
    const int from_guest = own_ctx && state == PART_RUNNING && (cur->msr & MSR_PR) != 0u;
    const int from_reload = own_ctx && state == PART_LOADING;
    const int from_idle = cur == &idle_ctx;
    uint64_t now;
    uint32_t entered;
    struct ctx *r;

    if (cause == CAUSE_PIT && (from_guest || from_reload || from_idle)) {
        return timer_tick();
    }
    if (!from_guest || cause == CAUSE_CRITICAL || cause == CAUSE_EXTERNAL ||
        cause == CAUSE_FIT || cause == CAUSE_WDT) {
        /* A trap in the core, or a class the core never enables for a
         * partition (critical input, external, FIT, watchdog). */
        panic(cause, cur);
    }
    //@ assert partition_cfg_ok(cur_index);
    /* As in sched_begin_window, the assertions carry core_inv's parts
     * across the calls one at a time. */
    if (cause == CAUSE_DTLB || cause == CAUSE_ITLB) {
        r = tlb_miss(cause, cur, cause == CAUSE_DTLB ? cur->dear : cur->pc);
        //@ assert missed_sched: sched_inv;
        //@ assert missed_owner: slot_owned(cur_index);
        //@ assert missed_config: config_ok;
        return r;
    }
    now = arch_tb_read();
    entered = window_enter(now);
    //@ assert entered_sched: sched_inv;
    //@ assert entered_owner: slot_owned(cur_index);
    //@ assert entered_config: config_ok;
    if (entered == WIN_RESET) {
        window_reset(entered);
    } else {
        guest_exception(cause, cur, now);
    }
    //@ assert handled_sched: sched_inv;
    //@ assert handled_owner: slot_owned(cur_index);
    //@ assert handled_config: config_ok;
    r = window_resume();
    //@ assert resumed_sched: sched_inv;
    //@ assert resumed_owner: slot_owned(cur_index);
    //@ assert resumed_config: config_ok;
    return r;
}
