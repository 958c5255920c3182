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
 * the partition's own (struct vregs, PART-004).
 */
struct ctx {
    uint32_t gpr[32];
    uint32_t cr, xer, lr, ctr;
    uint32_t pc;    /* SRR0 */
    uint32_t msr;   /* SRR1; MSR_GUEST for every partition */
    uint32_t esr;   /* syndrome of the last trap */
    uint32_t dear;
    uint32_t pid;   /* loaded into PID on exit */
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

struct sched {
    uint32_t window;       /* index of the current window */
    uint64_t frame_start;  /* time base at the start of the current major frame */
};

/* The time base never reaches 2^62 while the system runs (438 years at
 * this board's 333 MHz): an audited assumption (proofs/README.md) that
 * makes every deadline computation free of wrap-around. */
#define SCHED_TB_LIMIT 0x4000000000000000ull

/*@ requires \valid(s);
    assigns *s;
    ensures s->window == 0 && s->frame_start == now;
*/
void sched_start(struct sched *s, uint64_t now);

/* Advance to the next window; returns its index. */
/*@ requires \valid(s);
    requires 1 <= n <= CFG_MAX_WINDOWS && s->window < n;
    requires s->frame_start < SCHED_TB_LIMIT;
    assigns *s;
    ensures s->window < n;
    ensures \result == s->window;
    ensures s->window == (\old(s->window) + 1) % n;
    ensures \old(s->window) + 1 >= n ==> s->frame_start == \old(s->frame_start) + major;
    ensures \old(s->window) + 1 < n ==> s->frame_start == \old(s->frame_start);
*/
uint32_t sched_advance(struct sched *s, uint32_t n, uint32_t major);

/* Time base at which the current window ends. */
/*@ requires \valid_read(s) && \valid_read(w + s->window);
    requires s->frame_start < SCHED_TB_LIMIT;
    assigns \nothing;
    ensures \result == s->frame_start + w[s->window].start + w[s->window].ticks;
*/
uint64_t sched_window_end(const struct sched *s, const struct cfg_window *w);

/* PIT value that expires at deadline when read at now (at least 2: the
 * PIT does not count from 0 or 1). */
/*@ assigns \nothing;
    ensures \result >= 2;
*/
uint32_t sched_pit_value(uint64_t deadline, uint64_t now);

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

/* ---- partition.c: partition state (contracts at the definitions) ---- */

extern struct partition partitions[];
extern struct ctx idle_ctx;
extern uint32_t cur_index;   /* partition owning the current window */

void partition_reload(uint32_t index);
void partition_load(uint32_t index);
struct ctx *partition_loaded(uint32_t index);
struct ctx *partition_switch(uint32_t next);
struct ctx *partition_resume(void);

/* ---- vtimer.c, vuic.c, vcpu.c, emul.c: full virtualization (FV) ---- */

void vtimer_reset(struct vtimer *t, uint64_t now);
uint32_t vtimer_sync(struct vtimer *t, uint64_t now);
uint64_t vtimer_next(const struct vtimer *t, uint32_t msr);
void vtimer_tcr_write(struct vtimer *t, uint32_t v);
void vtimer_tsr_write(struct vtimer *t, uint32_t v);
void vtimer_pit_write(struct vtimer *t, uint32_t v, uint64_t now);
uint32_t vtimer_pit_read(const struct vtimer *t, uint64_t now);
void vtimer_tb_write(struct vtimer *t, uint32_t upper, uint32_t v, uint64_t now);
uint32_t vtimer_tb_read(const struct vtimer *t, uint32_t upper, uint64_t now);

void vuic_reset(struct vuic *u);
uint32_t vuic_owns(uint32_t dcrn);
uint32_t vuic_read(const struct vuic *u, uint32_t dcrn);
void vuic_write(struct vuic *u, uint32_t dcrn, uint32_t v);
uint32_t vuic_external(const struct vuic *u);
uint32_t vuic_critical(const struct vuic *u);

void vtlb_reset(struct vcpu *v);
void vtlb_write(struct vcpu *v, uint32_t index, uint32_t ws, uint32_t val);
uint32_t vtlb_read(struct vcpu *v, uint32_t index, uint32_t ws);
uint32_t vtlb_search(const struct vcpu *v, uint32_t ea);
uint32_t vtlb_search_cr(uint32_t cr, uint32_t xer, uint32_t result);
void vtlb_invalidate_all(struct vcpu *v);

void vcpu_reset(struct vcpu *v, uint64_t now);
void vcpu_raise(struct ctx *c, struct vcpu *v, uint32_t vec, uint32_t pc);
uint32_t vcpu_pending(const struct vcpu *v);

/* How the guest goes on after emul_insn. */
#define EMUL_NEXT        0u  /* emulated: resume at the next instruction */
#define EMUL_GOTO        1u  /* emulated: resume at ctx.pc (rfi, rfci) */
#define EMUL_PRIV        2u  /* the guest's program interrupt, ESR[PPR] */
#define EMUL_ILLEGAL     3u  /* the guest's program interrupt, ESR[PIL] */
#define EMUL_RESET       4u  /* the guest asked for a reset (DBCR0[RST]) */
#define EMUL_ALIGN       5u  /* the guest's alignment interrupt (DEAR set) */
#define EMUL_UNSUP_INSN  6u  /* health monitor: unknown privileged instruction */
#define EMUL_UNSUP_TLB   7u  /* health monitor: (reserved for a TLB refusal) */
#define EMUL_UNSUP_XLATE 8u  /* health monitor: MSR[IR|DR] needs TLB virtualization */
#define EMUL_UNSUP_SLER  9u  /* health monitor: little-endian storage */
#define EMUL_LAST        9u
uint32_t emul_insn(struct ctx *c, struct vcpu *v, uint32_t insn, uint64_t now);

/* ---- tlb.c, health.c, hcall.c, trap.c, boot.c ---- */

int tlb_refill(uint32_t index, uint32_t addr);
struct ctx *hm_fault(uint32_t cause, uint32_t addr);
struct ctx *hcall_dispatch(struct ctx *c);
extern struct sched sched;
struct ctx *sched_begin_window(uint64_t now);
struct ctx *proteus_trap(uint32_t cause, struct ctx *cur);
struct ctx *proteus_main(void);

#endif
