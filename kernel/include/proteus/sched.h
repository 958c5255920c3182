/*
 * The scheduler (sched.c): its state and decisions, for the files that
 * schedule (sched.c, trap.c and, through tables.h, the files that read the
 * tables).  The other core files do not include it: their text, and so
 * their proofs, are the same under either scheduler.
 * REQ: SCHED-001, SCHED-002, SCHED-005.
 */
#ifndef PROTEUS_SCHED_H
#define PROTEUS_SCHED_H

#include <stdint.h>
#include <proteus/cfg.h>
#include <proteus/core.h>

/* The scheduler is a build-time choice (CFG-003): the cyclic table of
 * windows (SCHED-001) or fixed priority with budgets (SCHED-005).  Both
 * give the core a sequence of slots, each owned by one partition or (fixed
 * priority only) by nobody, with absolute nominal ends (SCHED-002). */
#if CONFIG_SCHED_CYCLIC
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
#endif

#if CONFIG_SCHED_FIXED_PRIORITY
/* Fixed priority with budgets (SCHED-005): every partition is released at
 * boot and then every period with its budget; at each instant the
 * highest-priority partition with budget left runs, else nobody (the idle
 * loop).  Budget is consumed by elapsed time while the partition owns the
 * processor, whatever it does; what is left at the next release is lost.
 * Every decision is taken at a nominal time (a release or a budget's end),
 * never at the time the core happens to run, so the sequence of slots is a
 * function of the configuration alone. */
struct sched {
    uint64_t start;      /* nominal start of the current slot */
    uint64_t end;        /* nominal end: the next release or budget end */
    uint32_t running;    /* index into cfg_budgets, or n: nobody */
    uint32_t left[CFG_MAX_PARTITIONS];     /* budget left in this period */
    uint64_t release[CFG_MAX_PARTITIONS];  /* next release */
};

/*@ predicate budgets_ok(struct cfg_budget *b, integer n) =
        1 <= n <= CFG_MAX_PARTITIONS &&
        \forall integer i; 0 <= i < n ==> 0 < b[i].budget <= b[i].period;

    // Between two events: the slot is not empty and ends no later than any
    // release; a running partition has budget for the whole slot; no
    // release lies more than one period ahead.
    predicate fp_ok(struct sched s, struct cfg_budget *b, integer n) =
        s.running <= n && s.start < s.end && s.end < SCHED_TB_LIMIT &&
        (s.running < n ==> s.end - s.start <= s.left[s.running] &&
                           s.left[s.running] > 0) &&
        (\forall integer i; 0 <= i < n ==>
            s.end <= s.release[i] && s.release[i] <= s.start + b[i].period &&
            s.left[i] <= b[i].budget) &&
        // the priority rule: nobody before the running one has budget left
        (\forall integer i; 0 <= i < n && i < s.running ==> s.left[i] == 0);
*/

/*@ requires \valid(s) && \valid_read(b + (0 .. n - 1)) && \separated(s, b + (0 .. n - 1));
    requires budgets_ok(b, n);
    requires now < SCHED_TB_LIMIT - 0x100000000;
    assigns *s;
    ensures fp_ok(*s, b, n) && s->start == now;
    ensures s->running == 0;  // the highest priority runs first
*/
void sched_start(struct sched *s, const struct cfg_budget *b, uint32_t n, uint64_t now);

/* The event at s->end: charge the running partition, release those whose
 * period starts now, pick the next owner.  Returns its index into b, or n. */
/*@ requires \valid(s) && \valid_read(b + (0 .. n - 1)) && \separated(s, b + (0 .. n - 1));
    requires budgets_ok(b, n) && fp_ok(*s, b, n);
    requires s->end < SCHED_TB_LIMIT - 0x100000000;
    assigns *s;
    ensures fp_ok(*s, b, n);
    ensures s->start == \old(s->end);  // slots follow each other without a gap
    ensures \result == s->running;
*/
uint32_t sched_next(struct sched *s, const struct cfg_budget *b, uint32_t n);
#endif

/* PIT value that expires at deadline when read at now (at least 2: the
 * PIT does not count from 0 or 1). */
/*@ assigns \nothing;
    ensures \result >= 2;
*/
uint32_t sched_pit_value(uint64_t deadline, uint64_t now);

#endif /* PROTEUS_SCHED_H */
