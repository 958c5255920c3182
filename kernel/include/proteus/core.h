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

/*
 * Saved user-visible state of a partition (or of the idle loop).
 * Assembly reaches the fields through offsets generated from this
 * definition (build/<cfg>/gen/asm-offsets.h), never typed by hand.
 * REQ: SCHED-003 (a window switch saves and restores the complete
 * user-visible state), PART-004 (no core value in user-readable SPRs).
 */
struct ctx {
    uint32_t gpr[32];
    uint32_t cr, xer, lr, ctr;
    uint32_t pc;    /* SRR0 */
    uint32_t msr;   /* SRR1; MSR_GUEST for every partition */
    uint32_t esr;   /* syndrome of the last trap */
    uint32_t dear;
    uint32_t pid;   /* loaded into PID on exit */
    /* SPRs that problem state can read (SPRG0 via USPRG0, SPRG4-7) or
     * read and write (SRR2, SRR3) on this board: per partition. */
    uint32_t sprg0, sprg4, sprg5, sprg6, sprg7;
    uint32_t srr2, srr3;
};

#define PART_RUNNING 0u  /* the guest runs (problem state) */
#define PART_HALTED  1u  /* its windows run the idle loop */
#define PART_LOADING 2u  /* the core reloads its image in its own windows */

#define CONSOLE_LINE_MAX 96u

struct partition {
    struct ctx ctx;
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

/*@ logic integer tlb_page_size(struct tlb_entry e) =
        1024 * (1 << (2 * ((e.hi >> TLBHI_SIZE_SHIFT) & 7)));
    predicate tlb_inside(struct tlb_entry e, struct cfg_region r) =
        r.guest <= (e.hi & TLBHI_EPN_MASK) &&
        (e.hi & TLBHI_EPN_MASK) + tlb_page_size(e) <= r.guest + r.size &&
        (e.lo & TLBLO_RPN_MASK) == (e.hi & TLBHI_EPN_MASK) - r.guest + r.host &&
        ((e.lo & TLBLO_WR) != 0 ==> (r.attr & REGION_W) != 0) &&
        ((e.lo & TLBLO_EX) != 0 ==> (r.attr & REGION_X) != 0);
*/

/*@ predicate region_ok(struct cfg_region r) =
        r.size >= CFG_PAGE_SIZE && r.size % CFG_PAGE_SIZE == 0 &&
        r.guest % CFG_PAGE_SIZE == 0 && r.host % CFG_PAGE_SIZE == 0 &&
        r.guest + r.size <= 0x100000000 && r.host + r.size <= 0x100000000;
    predicate in_region(struct cfg_region r, integer a) =
        r.guest <= a < r.guest + r.size;
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
    ensures (e->hi & TLBHI_V) != 0;
    ensures tlb_inside(*e, *r);
*/
void region_tlb_entry(const struct cfg_region *r, uint32_t addr, uint32_t pid,
                      struct tlb_entry *e);

/* Page size in bytes of a 405 SIZE code (0 = 1 KiB ... 7 = 16 MiB). */
/*@ requires code <= 7;
    assigns \nothing;
    ensures \result == (1024 << (2 * code));
*/
uint32_t tlb_size_bytes(uint32_t code);

/* ---- sched.c: time partitioning (SCHED) ---- */

struct sched {
    uint32_t window;       /* index of the current window */
    uint64_t frame_start;  /* time base at the start of the current major frame */
};

/*@ requires \valid(s);
    assigns *s;
    ensures s->window == 0 && s->frame_start == now;
*/
void sched_start(struct sched *s, uint64_t now);

/* Advance to the next window; returns its index. */
/*@ requires \valid(s);
    requires 1 <= n <= CFG_MAX_WINDOWS && s->window < n;
    requires s->frame_start + major <= 0xFFFFFFFFFFFFFFFF;
    assigns *s;
    ensures s->window < n;
    ensures \result == s->window;
    ensures s->window == (\old(s->window) + 1) % n;
*/
uint32_t sched_advance(struct sched *s, uint32_t n, uint32_t major);

/* Time base at which the current window ends. */
/*@ requires \valid_read(s) && \valid_read(w + s->window);
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

/* The core's log: constant strings and numbers to the UART only. */
/*@ predicate core_string(char *s) = \exists integer n; 0 <= n <= 128 &&
        \valid_read(s + (0 .. n)) && s[n] == '\0';
*/
/*@ requires core_string(s); assigns \nothing; */
void log_puts(const char *s);
/*@ assigns \nothing; */
void log_hex32(uint32_t v);
/*@ assigns \nothing; */
void log_dec(uint32_t v);
/*@ assigns \nothing; */
void log_nl(void);

/* Append one byte of a partition's console output (CON-001, CON-002). */
/*@ requires \valid(p) && p->line_len <= CONSOLE_LINE_MAX && core_string(name);
    assigns p->line_len, p->line[0 .. CONSOLE_LINE_MAX - 1];
    ensures p->line_len <= CONSOLE_LINE_MAX;
*/
void console_putc(struct partition *p, const char *name, uint32_t ch);
/* Print a pending partial line (CON-002). */
/*@ requires \valid(p) && p->line_len <= CONSOLE_LINE_MAX && core_string(name);
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

/* ---- tlb.c, health.c, hcall.c, trap.c, boot.c ---- */

int tlb_refill(uint32_t index, uint32_t addr);
struct ctx *hm_fault(uint32_t cause, uint32_t addr);
struct ctx *hcall_dispatch(struct ctx *c);
extern struct sched sched;
struct ctx *sched_begin_window(uint64_t now);
struct ctx *proteus_trap(uint32_t cause, struct ctx *cur);
struct ctx *proteus_main(void);

#endif
