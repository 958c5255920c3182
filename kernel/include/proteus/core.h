/*
 * Proteus-405 core: run-time state and the interfaces between the core's
 * portable C modules.  Everything here is host-compilable; the hardware is
 * reached only through arch.h.
 */
#ifndef PROTEUS_CORE_H
#define PROTEUS_CORE_H

#include <stdint.h>
#include <proteus/cfg.h>
#include <proteus/ppc405.h>
#include <proteus/vcpu.h>

/*
 * Saved user-visible state of a partition (or of the idle loop).
 * Assembly reaches the fields through offsets generated from this
 * definition (build/<cfg>/gen/asm-offsets.h), never typed by hand.
 * REQ: SCHED-003 (a window switch saves and restores the complete
 * user-visible state).  The SPRs problem state reads without a trap are
 * the partition's own (struct vregs, PART-004).  The PID is not part of
 * a context: it belongs to the current partition (cur_index), and the core
 * sets it when that changes (arch_pid_set; spec/architecture.md, "PID").
 */
struct ctx {
    uint32_t gpr[32];
    uint32_t cr, xer, lr, ctr;
    uint32_t pc;    /* SRR0 */
    uint32_t msr;   /* SRR1; MSR_GUEST for every partition */
    uint32_t esr;   /* syndrome of the last trap */
    uint32_t dear;
};

#define PART_RUNNING 0u  /* the guest runs (problem state) */
#define PART_HALTED  1u  /* its windows run the idle loop */
#define PART_LOADING 2u  /* the core reloads its image in its own windows */

#define CONSOLE_LINE_MAX 96u

struct partition {
    struct ctx ctx;
    struct vcpu v;      /* its virtual 405 (FV) */
    uint32_t state;     /* PART_RUNNING, PART_HALTED or PART_LOADING */
    uint32_t starts;    /* completed loads: 0 until the first one finishes */
    uint32_t line_len;
    char line[CONSOLE_LINE_MAX];
};

/* A TLB entry as the 405 takes it (tlbwe ...,1 then tlbwe ...,0). */
struct tlb_entry {
    uint32_t hi;   /* EPN | SIZE | V */
    uint32_t lo;   /* RPN | EX | WR | ZSEL | I | G */
    uint32_t pid;  /* TID */
};

/*
 * The 405's reading of a TLB entry, field by field (PPC405 manual, "TLB
 * entry format"), written with arithmetic instead of bit masks so that the
 * isolation property is linear arithmetic for the provers:
 *   tag (hi):  EPN = bits 0:21, SIZE = bits 22:24, V = bit 25
 *   data (lo): RPN = bits 0:21, EX = bit 22, WR = bit 23, ZSEL = 24:27,
 *              W = 28, I = 29, M = 30, G = 31
 */
/*@ logic integer page_size(integer code) =
        code == 0 ? 1024 : code == 1 ? 4096 : code == 2 ? 16384 :
        code == 3 ? 65536 : code == 4 ? 262144 : code == 5 ? 1048576 :
        code == 6 ? 4194304 : 16777216;
    logic integer tlb_epn(struct tlb_entry e) = e.hi / 1024 * 1024;
    logic integer tlb_size(struct tlb_entry e) = page_size((e.hi / 128) % 8);
    logic integer tlb_v(struct tlb_entry e) = (e.hi / 64) % 2;
    logic integer tlb_rpn(struct tlb_entry e) = e.lo / 1024 * 1024;
    logic integer tlb_ex(struct tlb_entry e) = (e.lo / 512) % 2;
    logic integer tlb_wr(struct tlb_entry e) = (e.lo / 256) % 2;

    predicate region_ok(struct cfg_region r) =
        r.size >= CFG_PAGE_SIZE && r.size % CFG_PAGE_SIZE == 0 &&
        r.guest % CFG_PAGE_SIZE == 0 && r.host % CFG_PAGE_SIZE == 0 &&
        r.guest % 1024 == 0 && r.host % 1024 == 0 &&
        r.guest + r.size <= 0x100000000 && r.host + r.size <= 0x100000000;
    predicate in_region(struct cfg_region r, integer a) =
        r.guest <= a < r.guest + r.size;
    predicate region_writable(struct cfg_region r) = (r.attr & REGION_W) != 0;
    predicate region_executable(struct cfg_region r) =
        (r.attr & REGION_X) != 0 && (r.attr & REGION_DEVICE) == 0;

    // The page of SIZE code around addr lies inside r, and r's host range
    // is aligned like its guest range at that size.
    predicate page_fits(struct cfg_region r, integer addr, integer code) =
        r.guest <= addr - addr % page_size(code) &&
        addr - addr % page_size(code) + page_size(code) <= r.guest + r.size &&
        r.host % page_size(code) == r.guest % page_size(code);

    // PART-002: the page an entry maps lies inside the region, guest to
    // host as configured, with at most the region's permissions.
    predicate entry_inside(struct tlb_entry e, struct cfg_region r) =
        tlb_v(e) == 1 &&
        r.guest <= tlb_epn(e) && tlb_epn(e) + tlb_size(e) <= r.guest + r.size &&
        tlb_rpn(e) == tlb_epn(e) - r.guest + r.host &&
        (tlb_wr(e) == 1 ==> region_writable(r)) &&
        (tlb_ex(e) == 1 ==> region_executable(r));
*/

/* ---- region.c: spatial partitioning (PART) ---- */

/* Index of the region of regs[0..n-1] holding guest address addr, or n. */
/*@ requires n <= CFG_MAX_REGIONS && \valid_read(regs + (0 .. n - 1));
    requires \forall integer k; 0 <= k < n ==> region_ok(regs[k]);
    assigns \nothing;
    ensures 0 <= \result <= n;
    ensures \result < n ==> in_region(regs[\result], addr);
    ensures \result == n ==> \forall integer k; 0 <= k < n ==> !in_region(regs[k], addr);
*/
uint32_t region_find(const struct cfg_region *regs, uint32_t n, uint32_t addr);

/* The TLB entry that maps addr for a partition with the given PID:
 * the largest 405 page around addr that lies inside the region, with the
 * region's permissions, never more.  REQ: PART-002. */
/*@ requires \valid_read(r) && \valid(e) && \separated(r, e);
    requires region_ok(*r) && in_region(*r, addr);
    requires 1 <= pid <= CFG_MAX_PARTITIONS;
    assigns *e;
    ensures e->pid == pid;
    ensures entry_inside(*e, *r);
    ensures tlb_epn(*e) <= addr < tlb_epn(*e) + tlb_size(*e);
*/
void region_tlb_entry(const struct cfg_region *r, uint32_t addr, uint32_t pid,
                      struct tlb_entry *e);

/* ---- sched.c: time partitioning (SCHED) ---- */

/* The time base never reaches 2^62 while the system runs (438 years at
 * this board's 333 MHz): an audited assumption (proofs/README.md) that
 * makes every deadline computation free of wrap-around. */
#define SCHED_TB_LIMIT 0x4000000000000000ull

/* The schedulers' state and decisions: proteus/sched.h (included by the
 * files that schedule, so that the others have one text per switch set
 * whatever the scheduler). */

/* ---- console.c: per-partition console lines and the core log ---- */

/* The core's log: strings and numbers to the UART only.  log_write prints
 * s[0 .. max-1], stopping early at a NUL; log_puts takes string literals
 * only (the "" concatenation rejects anything else at compile time). */
/*@ requires \valid_read(s + (0 .. max - 1)) || max == 0;
    assigns \nothing; */
void log_write(const char *s, uint32_t max);
#define log_puts(lit) log_write("" lit, (uint32_t)sizeof("" lit) - 1u)
/* A partition's name (cfg_partition.name, NUL-terminated in its array). */
#define log_name(name) log_write((name), CFG_NAME_MAX + 1u)
/*@ assigns \nothing; */
void log_hex32(uint32_t v);
/*@ assigns \nothing; */
void log_dec(uint32_t v);
/*@ assigns \nothing; */
void log_nl(void);

/* Append one byte of a partition's console output (CON-001, CON-002). */
/*@ requires \valid(p) && p->line_len <= CONSOLE_LINE_MAX;
    requires \valid_read(name + (0 .. CFG_NAME_MAX));
    assigns p->line_len, p->line[0 .. CONSOLE_LINE_MAX - 1];
    ensures p->line_len <= CONSOLE_LINE_MAX;
*/
void console_putc(struct partition *p, const char *name, uint32_t ch);
/* Print a pending partial line (CON-002). */
/*@ requires \valid(p) && p->line_len <= CONSOLE_LINE_MAX;
    requires \valid_read(name + (0 .. CFG_NAME_MAX));
    assigns p->line_len;
    ensures p->line_len == 0;
*/
void console_flush(struct partition *p, const char *name);

/* ---- vtimer.c, vuic.c, vcpu.c, emul.c: full virtualization (FV) ---- */

/* vtimer.c: the partition's virtual timers.  Each function reads or
 * writes only the struct it is given.  REQ: FV-005, FV-006. */
/*@ // FV-006: the partition's time base at board time now (modulo 2^64).
    logic integer guest_tb(integer now, integer offset) =
        (now + offset) % 0x10000000000000000;
*/
/*@ requires \valid(t);
    assigns *t;
    ensures t->tcr == 0 && t->tsr == 0 && t->pit_reload == 0 && t->pit_running == 0;
    ensures t->pit_deadline == 0;
    ensures t->tb_offset == 0 && t->synced == now;  // FV-006: guest time = board time
*/
void vtimer_reset(struct vtimer *t, uint64_t now);
/*@ requires \valid(t);
    assigns t->tsr, t->pit_running, t->pit_deadline, t->synced;
    ensures \result == 0 || \result == 1;
    // FV-006: guest time never goes back; an earlier now changes nothing
    ensures t->synced >= \old(t->synced);
    ensures now >= \old(t->synced) ==> t->synced == now;
    ensures now < \old(t->synced) ==> \result == 0 && t->tsr == \old(t->tsr) &&
            t->pit_running == \old(t->pit_running) && t->pit_deadline == \old(t->pit_deadline);
    ensures t->tcr == \old(t->tcr) && t->tb_offset == \old(t->tb_offset) &&
            t->pit_reload == \old(t->pit_reload);
    // FV-006: events are latched in TSR until the guest clears them
    ensures (\old(t->tsr) & TSR_ENW) != 0 ==> (t->tsr & TSR_ENW) != 0;
    ensures (\old(t->tsr) & TSR_WIS) != 0 ==> (t->tsr & TSR_WIS) != 0;
    ensures (\old(t->tsr) & TSR_PIS) != 0 ==> (t->tsr & TSR_PIS) != 0;
    ensures (\old(t->tsr) & TSR_FIS) != 0 ==> (t->tsr & TSR_FIS) != 0;
    // FV-005: the PIT's expiry sets PIS; one-shot, it stops; auto-reload
    // (TCR[ARE]), its next expiry is after now
    ensures \old(t->pit_running) != 0 && \old(t->synced) <= now && \old(t->pit_deadline) <= now ==>
            (t->tsr & TSR_PIS) != 0;
    ensures \old(t->pit_running) != 0 && \old(t->synced) <= now && \old(t->pit_deadline) <= now &&
            ((t->tcr & TCR_ARE) == 0 || t->pit_reload == 0) ==> t->pit_running == 0;
    ensures \old(t->pit_running) != 0 && \old(t->synced) <= now && \old(t->pit_deadline) <= now &&
            (t->tcr & TCR_ARE) != 0 && t->pit_reload != 0 && now < SCHED_TB_LIMIT ==>
            t->pit_running != 0 && t->pit_deadline > now;
    // FV-005: a watchdog reset only as TCR[WRC] selects
    ensures \result == 1 ==> (t->tcr & TCR_WRC) != 0;
*/
uint32_t vtimer_sync(struct vtimer *t, uint64_t now);
/* FV-005: the real PIT interrupts a window early only for the partition's
 * own enabled timer events. */
/*@ requires \valid_read(t);
    assigns \nothing;
    ensures (msr & MSR_EE) == 0 && ((msr & MSR_CE) == 0 || (t->tcr & TCR_WIE) == 0) &&
            (t->tcr & TCR_WRC) == 0 ==> \result == 0xFFFFFFFFFFFFFFFF;
    ensures (msr & MSR_EE) != 0 && t->pit_running != 0 && (t->tcr & TCR_PIE) != 0 ==>
            \result <= t->pit_deadline;
*/
uint64_t vtimer_next(const struct vtimer *t, uint32_t msr);
/*@ requires \valid(t);
    assigns t->tcr;
    // FV-005: WRC sticky: once non-zero it keeps its value (both bits)
    ensures (\old(t->tcr) & TCR_WRC) != 0 ==>
            ((t->tcr & 0x20000000) != 0 <==> (\old(t->tcr) & 0x20000000) != 0) &&
            ((t->tcr & 0x10000000) != 0 <==> (\old(t->tcr) & 0x10000000) != 0);
    ensures (\old(t->tcr) & TCR_WRC) != 0 ==>
            t->tcr == ((v & TCR_MASK & ~TCR_WRC) | (\old(t->tcr) & TCR_WRC));
    // otherwise the TCR bits of v
    ensures (\old(t->tcr) & TCR_WRC) == 0 ==>
            ((t->tcr & 0x20000000) != 0 <==> (v & 0x20000000) != 0) &&
            ((t->tcr & 0x10000000) != 0 <==> (v & 0x10000000) != 0);
    ensures (\old(t->tcr) & TCR_WRC) == 0 ==>
            t->tcr == ((v & TCR_MASK & ~TCR_WRC) | (v & TCR_WRC));
*/
void vtimer_tcr_write(struct vtimer *t, uint32_t v);
/*@ requires \valid(t);
    assigns t->tsr;
    ensures t->tsr == (\old(t->tsr) & (uint32_t)~v);  // FV-005: write one to clear
*/
void vtimer_tsr_write(struct vtimer *t, uint32_t v);
/*@ requires \valid(t);
    assigns t->pit_reload, t->pit_running, t->pit_deadline;
    ensures t->pit_reload == v && (t->pit_running == 1 <==> v != 0);
    ensures t->pit_running == 0 || t->pit_running == 1;
    // FV-005: counts down from v (vtimer_pit_read)
    ensures t->pit_deadline == (now + v) % 0x10000000000000000;
    ensures now < SCHED_TB_LIMIT ==> t->pit_deadline == now + v;
*/
void vtimer_pit_write(struct vtimer *t, uint32_t v, uint64_t now);
/*@ requires \valid_read(t);
    assigns \nothing;
    // FV-005: the ticks left until the deadline, 0 once stopped or expired
    ensures t->pit_running == 0 || t->pit_deadline <= now ==> \result == 0;
    ensures t->pit_running != 0 && now < t->pit_deadline ==>
            \result == (t->pit_deadline - now) % 0x100000000;
*/
uint32_t vtimer_pit_read(const struct vtimer *t, uint64_t now);
/*@ requires \valid(t);
    assigns t->tb_offset;  // FV-006: the partition's time base only
    // FV-006: at board time now the guest's time base holds v in the word
    // written, the other word as it was
    ensures upper != 0 ==> guest_tb(now, t->tb_offset) / 0x100000000 == v &&
            guest_tb(now, t->tb_offset) % 0x100000000 == guest_tb(now, \old(t->tb_offset)) % 0x100000000;
    ensures upper == 0 ==> guest_tb(now, t->tb_offset) % 0x100000000 == v &&
            guest_tb(now, t->tb_offset) / 0x100000000 == guest_tb(now, \old(t->tb_offset)) / 0x100000000;
*/
void vtimer_tb_write(struct vtimer *t, uint32_t upper, uint32_t v, uint64_t now);
/*@ requires \valid_read(t);
    assigns \nothing;
    ensures upper != 0 ==> \result == guest_tb(now, t->tb_offset) / 0x100000000;  // FV-006
    ensures upper == 0 ==> \result == guest_tb(now, t->tb_offset) % 0x100000000;
*/
uint32_t vtimer_tb_read(const struct vtimer *t, uint32_t upper, uint64_t now);

#if CONFIG_FV_UIC
/* vuic.c: the partition's virtual UIC0, DCRs 0xC0 (SR), 0xC1 (SRS),
 * 0xC2 (ER), 0xC3 (CR), 0xC4 (PR), 0xC5 (TR), 0xC6 (MSR), 0xC7 (VR),
 * 0xC8 (VCR).  Each function reads or writes only the struct it is given
 * (FV-002).  REQ: FV-007. */
/*@ requires \valid(u);
    assigns *u;
    ensures u->sr == 0 && u->er == 0 && u->cr == 0 && u->pr == 0 &&
            u->tr == 0 && u->vcr == 0;  // FV-002: the board's reset state
*/
void vuic_reset(struct vuic *u);
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> 0xC0 <= dcrn <= 0xC8;  // FV-007: UIC0's DCRs only
*/
uint32_t vuic_owns(uint32_t dcrn);
/*@ requires \valid_read(u);
    assigns \nothing;
    ensures dcrn == 0xC0 || dcrn == 0xC1 ==> \result == u->sr;
    ensures dcrn == 0xC2 ==> \result == u->er;
    ensures dcrn == 0xC3 ==> \result == u->cr;
    ensures dcrn == 0xC6 ==> \result == (u->sr & u->er);  // FV-007: MSR = SR & ER
    ensures dcrn == 0xC7 && (u->sr & u->er & u->cr) == 0 ==> \result == 0;
    ensures dcrn == 0xC8 ==> \result == u->vcr;
*/
uint32_t vuic_read(const struct vuic *u, uint32_t dcrn);
/*@ requires \valid(u);
    assigns *u;
    ensures dcrn == 0xC0 ==> u->sr == (\old(u->sr) & (uint32_t)~v);  // FV-007: write one to clear
    ensures dcrn == 0xC1 ==> u->sr == (uint32_t)(\old(u->sr) | v);   // FV-007: SRS sets
    ensures dcrn != 0xC0 && dcrn != 0xC1 ==> u->sr == \old(u->sr);
    ensures dcrn == 0xC2 ==> u->er == v;
    ensures dcrn != 0xC2 ==> u->er == \old(u->er);
    ensures dcrn == 0xC3 ==> u->cr == v;
    ensures dcrn != 0xC3 ==> u->cr == \old(u->cr);
    ensures dcrn == 0xC4 ==> u->pr == v;
    ensures dcrn != 0xC4 ==> u->pr == \old(u->pr);
    ensures dcrn == 0xC5 ==> u->tr == v;
    ensures dcrn != 0xC5 ==> u->tr == \old(u->tr);
    ensures dcrn == 0xC8 ==> u->vcr == (uint32_t)(v & 0xFFFFFFFD);
    ensures dcrn != 0xC8 ==> u->vcr == \old(u->vcr);  // MSR, VR: read-only
*/
void vuic_write(struct vuic *u, uint32_t dcrn, uint32_t v);
/* Pending enabled inputs: non-critical (their CR bit 0) and critical (1). */
/*@ requires \valid_read(u);
    assigns \nothing;
    ensures \result == ((u->sr & u->er & (uint32_t)~u->cr) != 0 ? 1 : 0);  // FV-004, FV-007
*/
uint32_t vuic_external(const struct vuic *u);
/*@ requires \valid_read(u);
    assigns \nothing;
    ensures \result == ((u->sr & u->er & u->cr) != 0 ? 1 : 0);  // FV-004, FV-007
*/
uint32_t vuic_critical(const struct vuic *u);

#endif /* CONFIG_FV_UIC */

#if CONFIG_FV_TLB
/* vtlb.c: the guest's 64-entry TLB as data.  Entry indexes are taken
 * modulo 64 (the instruction's low 6 bits), so every access stays inside
 * the partition's own table; nothing but v->tlb (and PID for tlbre) is
 * written.  REQ: FV-009, FV-002. */
/*@ requires \valid(v);
    assigns v->tlb[0 .. VTLB_ENTRIES - 1];
    ensures \forall integer k; 0 <= k < VTLB_ENTRIES ==>
        v->tlb[k].hi == 0 && v->tlb[k].lo == 0 && v->tlb[k].tid == 0;
*/
void vtlb_reset(struct vcpu *v);
/*@ requires \valid(v);
    assigns v->tlb[index % VTLB_ENTRIES];  // FV-009: the one entry tlbwe names
    ensures ws == 0 ==> v->tlb[index % VTLB_ENTRIES].tid == (v->sreg[VS_PID] & 0xFF);
    ensures ws == 0 ==> v->tlb[index % VTLB_ENTRIES].lo == \old(v->tlb[index % VTLB_ENTRIES].lo);
    ensures ws != 0 ==> v->tlb[index % VTLB_ENTRIES].lo == val;
    ensures ws != 0 ==> v->tlb[index % VTLB_ENTRIES].hi == \old(v->tlb[index % VTLB_ENTRIES].hi);
    ensures ws != 0 ==> v->tlb[index % VTLB_ENTRIES].tid == \old(v->tlb[index % VTLB_ENTRIES].tid);
*/
void vtlb_write(struct vcpu *v, uint32_t index, uint32_t ws, uint32_t val);
/*@ requires \valid(v);
    assigns v->sreg[VS_PID];
    ensures ws == 0 ==> \result == v->tlb[index % VTLB_ENTRIES].hi &&
                        v->sreg[VS_PID] == v->tlb[index % VTLB_ENTRIES].tid;
    ensures ws != 0 ==> \result == v->tlb[index % VTLB_ENTRIES].lo &&
                        v->sreg[VS_PID] == \old(v->sreg[VS_PID]);
*/
uint32_t vtlb_read(struct vcpu *v, uint32_t index, uint32_t ws);
/*@ requires \valid_read(v);
    assigns \nothing;
    ensures \result < VTLB_ENTRIES || \result == 0xFFFFFFFF;  // FV-009: an index or "no hit"
    ensures \result < VTLB_ENTRIES ==> (v->tlb[\result].hi & TLBHI_V) != 0;
*/
uint32_t vtlb_search(const struct vcpu *v, uint32_t ea);
/*@ assigns \nothing;
    // only CR0 changes: SO from XER[SO], EQ on a hit, LT and GT clear
    ensures (xer & 0x80000000) == 0 && result == 0xFFFFFFFF ==> \result == (cr & 0x0FFFFFFF);
    ensures (xer & 0x80000000) != 0 && result == 0xFFFFFFFF ==> \result == ((cr & 0x0FFFFFFF) | 0x10000000);
    ensures (xer & 0x80000000) == 0 && result != 0xFFFFFFFF ==> \result == ((cr & 0x0FFFFFFF) | 0x20000000);
    ensures (xer & 0x80000000) != 0 && result != 0xFFFFFFFF ==> \result == ((cr & 0x0FFFFFFF) | 0x30000000);
*/
uint32_t vtlb_search_cr(uint32_t cr, uint32_t xer, uint32_t result);
/*@ requires \valid(v);
    assigns v->tlb[0 .. VTLB_ENTRIES - 1].hi;
    // every tag word loses V (TLBHI_V, 0x40) and nothing else
    ensures \forall integer k; 0 <= k < VTLB_ENTRIES ==>
        v->tlb[k].hi == (\old(v->tlb[k].hi) & 0xFFFFFFBF);
*/
void vtlb_invalidate_all(struct vcpu *v);

#endif /* CONFIG_FV_TLB */

/* vcpu.c: the virtual 405's reset and exception delivery.  REQ: FV-002,
 * FV-003, FV-004, FV-008.  vcpu_reset exists in every configuration: the
 * live registers (vregs) start at zero whether or not the partition has a
 * virtual 405 (PART-004). */
/*@ predicate vec_crit(integer vec) =
        vec == VEC_CRITICAL || vec == VEC_WDT || vec == VEC_MCHECK || vec == VEC_DEBUG;
*/
#if CONFIG_FV_TIMERS
/*@ requires \valid(v);
    assigns *v;
    ensures v->r.msr == 0;  // FV-002: supervisor, real mode, interrupts off
    ensures \forall integer k; 0 <= k < VI_COUNT ==> v->r.reg[k] == 0;  // PART-004
    ensures v->sreg[VS_PID] == 0 && v->sreg[VS_DBCR0] == 0 && v->sreg[VS_SLER] == 0;
    ensures v->t.tcr == 0 && v->t.tsr == 0 && v->t.pit_running == 0 && v->t.synced == now;
*/
#elif CONFIG_FV
/*@ requires \valid(v);
    assigns *v;
    ensures v->r.msr == 0;  // FV-002: supervisor, real mode, interrupts off
    ensures \forall integer k; 0 <= k < VI_COUNT ==> v->r.reg[k] == 0;  // PART-004
    ensures v->sreg[VS_PID] == 0 && v->sreg[VS_DBCR0] == 0 && v->sreg[VS_SLER] == 0;
*/
#else
/*@ requires \valid(v);
    assigns *v;
    ensures v->r.msr == 0;
    ensures \forall integer k; 0 <= k < VI_COUNT ==> v->r.reg[k] == 0;  // PART-004
*/
#endif
void vcpu_reset(struct vcpu *v, uint64_t now);

#if CONFIG_FV
/* Writes only the guest's pc and its own virtual registers: the MSR it
 * runs with (ctx.msr) is not touched (FV-008). */
/*@ requires \valid(c) && \valid(v) && \separated(c, v);
    assigns c->pc, v->r.msr, v->r.reg[VI_SRR0], v->r.reg[VI_SRR1],
            v->r.reg[VI_SRR2], v->r.reg[VI_SRR3];
    ensures !vec_crit(vec) ==> v->r.reg[VI_SRR0] == pc && v->r.reg[VI_SRR1] == \old(v->r.msr);  // FV-003
    ensures vec_crit(vec) ==> v->r.reg[VI_SRR2] == pc && v->r.reg[VI_SRR3] == \old(v->r.msr);   // FV-003
    ensures !vec_crit(vec) ==> v->r.msr == (\old(v->r.msr) & VMSR_KEEP_NONCRIT);
    ensures vec_crit(vec) && vec != VEC_MCHECK ==> v->r.msr == (\old(v->r.msr) & VMSR_KEEP_CRIT);
    ensures vec == VEC_MCHECK ==> v->r.msr == 0;
    // In each class: virtual supervisor state (PR = 0), the wait state
    // ends (WE = 0), and only the 405's MSR bits remain (FV-008).
    ensures !vec_crit(vec) ==> (v->r.msr & MSR_PR) == 0 && (v->r.msr & MSR_WE) == 0 &&
                               (v->r.msr & ~VMSR_MASK) == 0;
    ensures vec_crit(vec) && vec != VEC_MCHECK ==>
        (v->r.msr & MSR_PR) == 0 && (v->r.msr & MSR_WE) == 0 && (v->r.msr & ~VMSR_MASK) == 0;
    ensures c->pc == ((v->r.reg[VI_EVPR] & 0xFFFF0000) | vec);  // FV-003: EVPR[0:15] | offset
*/
void vcpu_raise(struct ctx *c, struct vcpu *v, uint32_t vec, uint32_t pc);
/*@ requires \valid_read(v);
    assigns \nothing;
    ensures \result == VEC_NONE || \result == VEC_CRITICAL || \result == VEC_WDT ||
            \result == VEC_EXTERNAL || \result == VEC_FIT || \result == VEC_PIT;
    // FV-004: critical-class interrupts only with MSR[CE], the others only with MSR[EE]
    ensures (\result == VEC_CRITICAL || \result == VEC_WDT) ==> (v->r.msr & MSR_CE) != 0;
    ensures (\result == VEC_EXTERNAL || \result == VEC_FIT || \result == VEC_PIT) ==>
            (v->r.msr & MSR_EE) != 0;
    ensures (v->r.msr & (MSR_CE | MSR_EE)) == 0 ==> \result == VEC_NONE;
*/
uint32_t vcpu_pending(const struct vcpu *v);

/* How the guest goes on after emul_insn. */
#define EMUL_NEXT        0u  /* emulated: resume at the next instruction */
#define EMUL_GOTO        1u  /* emulated: resume at ctx.pc (rfi, rfci) */
#define EMUL_PRIV        2u  /* the guest's program interrupt, ESR[PPR] */
#define EMUL_ILLEGAL     3u  /* the guest's program interrupt, ESR[PIL] */
#define EMUL_RESET       4u  /* the guest asked for a reset (DBCR0[RST]) */
#define EMUL_ALIGN       5u  /* the guest's alignment interrupt (DEAR set) */
#define EMUL_UNSUP_INSN  6u  /* health monitor: unknown privileged instruction */
#define EMUL_UNSUP_TLB   7u  /* health monitor: tlb* without a virtual TLB */
#define EMUL_UNSUP_XLATE 8u  /* health monitor: MSR[IR|DR] needs TLB virtualization */
#define EMUL_UNSUP_SLER  9u  /* health monitor: little-endian storage */
#define EMUL_UNSUP_DCR   10u /* health monitor: a board device's DCR */
#define EMUL_UNSUP_TIMER 11u /* health monitor: a timer register without virtual timers */
#define EMUL_LAST        11u
/* FV-001: the privileged instructions emul_insn knows (spec/virtualization.md,
 * FV-INSN-*), by primary opcode (bits 0:5 of the instruction word) and
 * extended opcode (bits 21:30), and the reserved bits each must have clear
 * (the ones the board checks before the privilege check). */
/*@ logic integer insn_opcd(integer insn) = insn / 0x4000000;
    logic integer insn_xo(integer insn) = insn / 2 % 0x400;
    predicate emul_known(integer insn) =
        (insn_opcd(insn) == 19 && (insn_xo(insn) == 50 || insn_xo(insn) == 51)) ||
        (insn_opcd(insn) == 31 &&
         (insn_xo(insn) == 83 || insn_xo(insn) == 146 || insn_xo(insn) == 131 ||
          insn_xo(insn) == 163 || insn_xo(insn) == 339 || insn_xo(insn) == 467 ||
          insn_xo(insn) == 323 || insn_xo(insn) == 451 || insn_xo(insn) == 470 ||
          insn_xo(insn) == 454 || insn_xo(insn) == 966 || insn_xo(insn) == 486 ||
          insn_xo(insn) == 998 || insn_xo(insn) == 262 || insn_xo(insn) == 566 ||
          insn_xo(insn) == 978 || insn_xo(insn) == 946 || insn_xo(insn) == 914 ||
          insn_xo(insn) == 370));
    // the reserved bits of a known instruction
    logic integer emul_reserved(integer insn) =
        insn_opcd(insn) == 19 ? 0x03FF8001 :        // rfi, rfci
        insn_xo(insn) == 83  ? 0x001FF801 :         // mfmsr
        insn_xo(insn) == 146 ? 0x001EF801 :         // mtmsr
        insn_xo(insn) == 131 ? 0x000FFC01 :         // wrtee
        insn_xo(insn) == 163 ? 0x000E7C01 :         // wrteei
        insn_xo(insn) == 467 || insn_xo(insn) == 914 ? 0 :  // mtspr, tlbsx
        insn_xo(insn) == 470 || insn_xo(insn) == 454 ||
        insn_xo(insn) == 998 || insn_xo(insn) == 262 ? 0x03E00001 :  // dcbi, dccci, icread, icbt
        insn_xo(insn) == 566 ? 0x03FFF801 :         // tlbsync
        insn_xo(insn) == 978 || insn_xo(insn) == 946 ? 0x0000F001 :  // tlbwe, tlbre
        insn_xo(insn) == 370 ? 0x03FFFC01 :         // tlbia
        0x00000001;                                 // mfspr, mfdcr, mtdcr, iccci, dcread
*/
/* Emulates insn for the partition whose context is c and whose virtual 405
 * is v, at board time now. */
/*@ requires \valid(c) && \valid(v);
    requires \separated(c, v);
    // FV-002: the partition's own context and virtual 405 only; never the
    // MSR it runs with (c->msr), nothing global
    assigns c->gpr[0 .. 31], c->cr, c->pc, *v;
    ensures \result <= EMUL_LAST;
    ensures c->msr == \old(c->msr);  // FV-008: the guest always runs with MSR_GUEST
    // FV-008: the virtual MSR keeps only the 405's MSR bits
    ensures vmsr: (\old(v->r.msr) & ~VMSR_MASK) == 0 ==> (v->r.msr & ~VMSR_MASK) == 0;
    // FV-001: a known instruction is emulated or refused with a precise
    // cause, never reported as unknown
    ensures \result == EMUL_UNSUP_INSN <==> !emul_known(insn);
    behavior unknown:  // FV-001: not emulated: the health monitor (unsupported-insn)
        assumes !emul_known(insn);
        assigns \nothing;
        ensures \result == EMUL_UNSUP_INSN;
    behavior reserved:  // FV-001: a reserved field set, as the board: ESR[PIL]
        assumes emul_known(insn) && (insn & emul_reserved(insn)) != 0;
        assigns \nothing;
        ensures \result == EMUL_ILLEGAL;
    disjoint behaviors;
*/
uint32_t emul_insn(struct ctx *c, struct vcpu *v, uint32_t insn, uint64_t now);
#endif /* CONFIG_FV */

/* The partitions' state and the functions of partition.c, tlb.c, health.c,
 * hcall.c, trap.c and boot.c are declared in tables.h: their contracts
 * name the configuration's tables and sizes. */

#endif
