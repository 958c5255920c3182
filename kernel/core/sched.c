/*
 * Time partitioning, one of two schedulers chosen at build time (CFG-003):
 *  - cyclic: the major frame is a fixed sequence of windows (cfg_windows);
 *    the PIT ends each window;
 *  - fixed priority with budgets (cfg_budgets): at each instant the
 *    highest-priority partition with budget left in its period runs.
 * Slot boundaries are absolute nominal times, so the time the core spends
 * in a switch never accumulates into drift.
 * REQ: SCHED-001 (static cyclic schedule from the configuration),
 *      SCHED-002 (slot boundaries on absolute time-base deadlines),
 *      SCHED-005 (fixed priority with budgets, decided on nominal times).
 */
#include <proteus/core.h>
#include <proteus/sched.h>

#if CONFIG_SCHED_CYCLIC
void sched_start(struct sched *s, uint64_t now)
{
    s->window = 0u;
    s->frame_start = now;
}

uint32_t sched_advance(struct sched *s, uint32_t n, uint32_t major)
{
    const uint32_t next = s->window + 1u;
    const int wraps = next >= n;

    if (wraps) {
        s->window = 0u;
        s->frame_start += major;
    } else {
        s->window = next;
    }
    return s->window;
}

uint64_t sched_window_end(const struct sched *s, const struct cfg_window *w)
{
    const struct cfg_window *cur = &w[s->window];
    return s->frame_start + cur->start + cur->ticks;
}

#endif /* CONFIG_SCHED_CYCLIC */

#if CONFIG_SCHED_FIXED_PRIORITY
/* The owner of the slot starting at s->start, and the slot's end: the
 * first partition (by priority) with budget left runs until its budget
 * ends or the next release, whichever comes first; with nobody to run, the
 * slot lasts until the next release. */
/*@ requires \valid(s) && \valid_read(b + (0 .. n - 1)) && \separated(s, b + (0 .. n - 1));
    requires budgets_ok(b, n);
    requires s->start < SCHED_TB_LIMIT - 0x100000000;
    requires \forall integer i; 0 <= i < n ==>
        s->start < s->release[i] <= s->start + b[i].period && s->left[i] <= b[i].budget;
    assigns s->running, s->end;
    ensures fp_ok(*s, b, n);
*/
static void fp_pick(struct sched *s, const struct cfg_budget *b, uint32_t n)
{
    uint64_t end = s->release[0];
    uint32_t run = n;
    uint32_t i;

    (void)b; /* the contract's: the budgets the slot's end respects */

    /*@ loop invariant 1 <= i <= n;
        loop invariant \forall integer k; 0 <= k < i ==> end <= s->release[k];
        loop invariant \exists integer k; 0 <= k < i && end == s->release[k];
        loop assigns i, end;
        loop variant n - i; */
    for (i = 1u; i < n; i++) { /* @wcet-bound CONFIG_NUM_BUDGETS */
        if (s->release[i] < end) {
            end = s->release[i];
        }
    }
    /*@ loop invariant 0 <= i <= n && run == n;
        loop invariant \forall integer k; 0 <= k < i ==> s->left[k] == 0;
        loop assigns i;
        loop variant n - i; */
    for (i = 0u; i < n; i++) { /* @wcet-bound CONFIG_NUM_BUDGETS */
        if (s->left[i] != 0u) {
            break;
        }
    }
    run = i;
    if (run < n && s->start + s->left[run] < end) {
        end = s->start + s->left[run];
    }
    s->running = run;
    s->end = end;
}

void sched_start(struct sched *s, const struct cfg_budget *b, uint32_t n, uint64_t now)
{
    uint32_t i;

    s->start = now;
    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer k; 0 <= k < i ==>
            s->left[k] == b[k].budget && s->release[k] == now + b[k].period;
        loop invariant s->start == now;
        loop assigns i, s->left[0 .. n - 1], s->release[0 .. n - 1];
        loop variant n - i; */
    for (i = 0u; i < n; i++) { /* @wcet-bound CONFIG_NUM_BUDGETS */
        s->left[i] = b[i].budget;
        s->release[i] = now + b[i].period;
    }
    fp_pick(s, b, n);
}

uint32_t sched_next(struct sched *s, const struct cfg_budget *b, uint32_t n)
{
    const uint64_t t = s->end;
    uint32_t i;

    if (s->running < n) {
        /* fp_ok: the slot fits the running partition's budget */
        s->left[s->running] -= (uint32_t)(t - s->start);
    }
    s->start = t;
    /*@ loop invariant 0 <= i <= n && s->start == t;
        loop invariant \forall integer k; 0 <= k < n ==> s->left[k] <= b[k].budget;
        loop invariant \forall integer k; 0 <= k < i ==>
            t < s->release[k] <= t + b[k].period;
        loop invariant \forall integer k; i <= k < n ==>
            t <= s->release[k] <= \at(s->start, Pre) + b[k].period;
        loop assigns i, s->left[0 .. n - 1], s->release[0 .. n - 1];
        loop variant n - i; */
    for (i = 0u; i < n; i++) { /* @wcet-bound CONFIG_NUM_BUDGETS */
        if (s->release[i] <= t) {
            /* every release is an event (fp_ok): release[i] == t */
            s->left[i] = b[i].budget;
            s->release[i] += b[i].period;
        }
    }
    fp_pick(s, b, n);
    return s->running;
}
#endif /* CONFIG_SCHED_FIXED_PRIORITY */

uint32_t sched_pit_value(uint64_t deadline, uint64_t now)
{
    if (deadline <= now) {
        return 2u; /* late: expire as soon as the PIT can */
    }
    const uint64_t ticks = deadline - now;
    if (ticks < 2u) {
        return 2u;
    }
    if (ticks > 0xFFFFFFFFu) {
        return 0xFFFFFFFFu;
    }
    return (uint32_t)ticks;
}
