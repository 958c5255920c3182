/*
 * Virtual timers of a partition: time base writes, PIT, FIT and watchdog,
 * with the PPC405 manual's TCR/TSR semantics.
 *
 * Guest time (spec/virtualization.md, FV-TIME): the partition's time base
 * is the board's plus an offset that its time-base writes set, and its
 * timers count in that time whether or not the partition is scheduled.
 * An event that falls outside the partition's windows is latched in its
 * TSR and seen at the start of its next window; a status bit is one bit,
 * so several expiries merge into one, as on the 405 while the interrupt
 * is masked.  The state is brought up to date lazily (vtimer_sync) at
 * every trap of the partition and at the start of each of its windows;
 * vtimer_next tells the scheduler when the real PIT must interrupt the
 * partition's window for a virtual interrupt.
 * REQ: FV-005 (virtual timers), FV-006 (guest time).
 */
#include <proteus/core.h>

/* The whole file is one capability (CFG-003). */
#if CONFIG_FV_TIMERS

#define U64_MAX 0xFFFFFFFFFFFFFFFFull
#define TB_WORD 0x100000000ull  /* 2^32: one word of the time base */

/* The arithmetic below is written with additions, and with divisions and
 * multiplications by powers of two, instead of shifts and masks: its proof
 * is then arithmetic the provers know, where a shift that drops bits on
 * purpose would be an unsigned overflow (proofs/README.md).  By constant
 * powers of two the compiler emits the same shifts and masks. */

/* a + b modulo 2^64. */
/*@ assigns \nothing;
    ensures \result == (a + b) % 0x10000000000000000;
    ensures a + b <= U64_MAX ==> \result == a + b; */
static uint64_t add64(uint64_t a, uint64_t b)
{
    return b > U64_MAX - a ? b - (U64_MAX - a) - 1u : a + b;
}

/* a - b modulo 2^64. */
/*@ assigns \nothing;
    ensures \result == (a - b + 0x10000000000000000) % 0x10000000000000000;
    ensures a >= b ==> \result == a - b; */
static uint64_t sub64(uint64_t a, uint64_t b)
{
    return a >= b ? a - b : (U64_MAX - b) + a + 1u;
}

/* FIT and watchdog events are the 0->1 transitions of one time-base bit:
 * period 2^k ticks, at guest times 2^(k-1) modulo 2^k, with k = 9 + 4c for
 * the period code c = 0 .. 5 (FIT: c = TCR[FP], k = 9, 13, 17, 21;
 * watchdog: c = TCR[WP] + 2, k = 17, 21, 25, 29). */
#define PERIOD_CODES 6u

/* 2^k, the period, and 2^(32-k). */
static const uint32_t period[PERIOD_CODES] = {
    0x200u, 0x2000u, 0x20000u, 0x200000u, 0x2000000u, 0x20000000u,
};
static const uint32_t period_inv[PERIOD_CODES] = {
    0x800000u, 0x80000u, 0x8000u, 0x800u, 0x80u, 0x8u,
};

/* x >> k and x << k (modulo 2^64) without a library call, on the two
 * words of x as the 405 does them.  A left shift that drops bits on
 * purpose is a product by 2^n truncated to 32 bits, (uint32_t)((uint64_t)w
 * * 2^n), and the bits shifted across words are added to that product
 * before the truncation (they land in its zero bits): the same values as
 * shifts and ORs, without an unsigned overflow. */
/*@ requires c < PERIOD_CODES;
    assigns \nothing; */
static uint64_t shr_period(uint64_t x, uint32_t c)
{
    const uint32_t k = 9u + 4u * c;
    const uint32_t hi = (uint32_t)(x / TB_WORD);
    const uint32_t lo = (uint32_t)(x % TB_WORD);
    /* (lo >> k) | (hi << (32 - k)) */
    const uint32_t low = (uint32_t)((uint64_t)hi * period_inv[c] + (lo >> k));

    return (uint64_t)(hi >> k) * TB_WORD + low;
}

/*@ requires c < PERIOD_CODES;
    assigns \nothing; */
static uint64_t shl_period(uint64_t x, uint32_t c)
{
    const uint32_t k = 9u + 4u * c;
    const uint32_t hi = (uint32_t)(x / TB_WORD);
    const uint32_t lo = (uint32_t)(x % TB_WORD);
    /* (hi << k) | (lo >> (32 - k)), and lo << k */
    const uint32_t high = (uint32_t)((uint64_t)hi * period[c] + (lo >> (32u - k)));
    const uint32_t low = (uint32_t)((uint64_t)lo * period[c]);

    return (uint64_t)high * TB_WORD + low;
}

/* The number of events in [0, vt] (modulo 2^64): (vt + 2^(k-1)) >> k. */
/*@ requires c < PERIOD_CODES;
    assigns \nothing; */
static uint64_t event_index(uint64_t vt, uint32_t c)
{
    return shr_period(add64(vt, period[c] / 2u), c);
}

/* Guest time of the first event after vt (modulo 2^64). */
/*@ requires c < PERIOD_CODES;
    assigns \nothing; */
static uint64_t next_event(uint64_t vt, uint32_t c)
{
    return sub64(shl_period(add64(event_index(vt, c), 1u), c), period[c] / 2u);
}

/* The period code of the FIT for TCR[FP] and of the watchdog for TCR[WP]. */
/*@ assigns \nothing; ensures \result <= 3; */
static uint32_t fit_code(uint32_t tcr)
{
    return (tcr / 0x01000000u) % 4u;  /* (tcr & TCR_FP) >> 24 */
}

/*@ assigns \nothing; ensures 2 <= \result < PERIOD_CODES; */
static uint32_t wdt_code(uint32_t tcr)
{
    return 2u + tcr / 0x40000000u;  /* (tcr >> 30) + 2 */
}

void vtimer_reset(struct vtimer *t, uint64_t now)
{
    t->tcr = 0u;
    t->tsr = 0u;
    t->pit_reload = 0u;
    t->pit_running = 0u;
    t->pit_deadline = 0u;
    t->tb_offset = 0u;
    t->synced = now;
}

/* Contracts of the exported functions: core.h. */

/* The status bits of TSR old (ENW, WIS, PIS, FIS) are still set in TSR
 * new: only the guest clears them (vtimer_tsr_write).  FV-006. */
#define TSR_KEPT(old, new) \
    ((old & TSR_ENW) != 0 ==> (new & TSR_ENW) != 0) && \
    ((old & TSR_WIS) != 0 ==> (new & TSR_WIS) != 0) && \
    ((old & TSR_PIS) != 0 ==> (new & TSR_PIS) != 0) && \
    ((old & TSR_FIS) != 0 ==> (new & TSR_FIS) != 0)

/* One watchdog event: ENW, then WIS, then the reset TCR[WRC] selects.
 * Returns 1 when the partition is to be reset. */
/*@ requires \valid(t);
    assigns t->tsr;
    ensures \result == 0 || \result == 1;
    behavior enw:
        assumes (t->tsr & TSR_ENW) == 0;
        ensures (t->tsr & TSR_ENW) != 0 && \result == 0;
        ensures TSR_KEPT(\old(t->tsr), t->tsr);
    behavior wis:
        assumes (t->tsr & TSR_ENW) != 0 && (t->tsr & TSR_WIS) == 0;
        ensures (t->tsr & TSR_WIS) != 0 && \result == 0;
        ensures TSR_KEPT(\old(t->tsr), t->tsr);
    behavior reset:  // TSR[WRS] := TCR[WRC]
        assumes (t->tsr & TSR_ENW) != 0 && (t->tsr & TSR_WIS) != 0 && (t->tcr & TCR_WRC) != 0;
        ensures \result == 1;
        ensures ((t->tsr & 0x20000000) != 0 <==> (t->tcr & 0x20000000) != 0) &&
                ((t->tsr & 0x10000000) != 0 <==> (t->tcr & 0x10000000) != 0);
        ensures TSR_KEPT(\old(t->tsr), t->tsr);
    behavior no_reset:
        assumes (t->tsr & TSR_ENW) != 0 && (t->tsr & TSR_WIS) != 0 && (t->tcr & TCR_WRC) == 0;
        ensures t->tsr == \old(t->tsr) && \result == 0;
    complete behaviors;
    disjoint behaviors;
*/
static uint32_t wdt_step(struct vtimer *t)
{
    if ((t->tsr & TSR_ENW) == 0u) {
        t->tsr |= TSR_ENW;
        return 0u;
    }
    if ((t->tsr & TSR_WIS) == 0u) {
        t->tsr |= TSR_WIS;
        return 0u;
    }
    if ((t->tcr & TCR_WRC) != 0u) {
        t->tsr = (t->tsr & ~TSR_WRS) | (t->tcr & TCR_WRC);
        return 1u;
    }
    return 0u;
}

/* Bring the timers to board time now: latch PIS, FIS and the watchdog
 * state for every event since the last call.  Returns 1 when a watchdog
 * reset is due (the health monitor resets the partition).  A partition is
 * brought up to date at least once per major frame (< 2^32 ticks), so an
 * auto-reloading PIT is never more than 2^32 ticks late; if it were, its
 * period restarts at now. */
uint32_t vtimer_sync(struct vtimer *t, uint64_t now)
{
    const uint64_t a = add64(t->synced, t->tb_offset);
    const uint64_t b = add64(now, t->tb_offset);
    const uint32_t cf = fit_code(t->tcr);
    const uint32_t cw = wdt_code(t->tcr);
    uint64_t wa, wb;
    uint32_t reset = 0u;
    uint32_t i;

    if (now < t->synced) {
        return 0u; /* time never goes back: nothing to do */
    }
    if (t->pit_running != 0u && now >= t->pit_deadline) {
        t->tsr |= TSR_PIS;
        if ((t->tcr & TCR_ARE) != 0u && t->pit_reload != 0u) {
            const uint64_t late = now - t->pit_deadline;
            const uint32_t n = late > 0xFFFFFFFFull ? 0u : (uint32_t)late / t->pit_reload;
            t->pit_deadline = late > 0xFFFFFFFFull ? add64(now, t->pit_reload)
                : add64(t->pit_deadline, ((uint64_t)n + 1u) * t->pit_reload);
        } else {
            t->pit_running = 0u;
        }
    }
    /*@ assert pis: \at(t->pit_running, Pre) != 0 && \at(t->pit_deadline, Pre) <= now ==>
            (t->tsr & TSR_PIS) != 0; */
    if (event_index(b, cf) != event_index(a, cf)) {
        t->tsr |= TSR_FIS;
    }
    /*@ assert pis_kept: \at(t->pit_running, Pre) != 0 && \at(t->pit_deadline, Pre) <= now ==>
            (t->tsr & TSR_PIS) != 0; */
    wa = event_index(a, cw);
    wb = event_index(b, cw);
    /*@ loop invariant 0 <= i <= 3;
        loop invariant reset == 0 || reset == 1;
        loop invariant reset == 1 ==> (t->tcr & TCR_WRC) != 0;
        loop invariant TSR_KEPT(\at(t->tsr, LoopEntry), t->tsr);
        loop assigns i, reset, t->tsr, wa;
        loop variant 3 - i; */
    for (i = 0u; i < 3u && wa != wb; i++) { /* @wcet-bound 3 */
        if (wdt_step(t) != 0u) {
            reset = 1u;
        }
        wa = add64(wa, 1u);
    }
    t->synced = now;
    return reset;
}

/* Board time of the next timer event that could interrupt the partition
 * with its MSR msr (U64_MAX if none): the real PIT must fire then. */
uint64_t vtimer_next(const struct vtimer *t, uint32_t msr)
{
    uint64_t next = U64_MAX;
    const uint64_t vt = add64(t->synced, t->tb_offset);

    if ((msr & MSR_EE) != 0u) {
        if (t->pit_running != 0u && (t->tcr & TCR_PIE) != 0u) {
            next = t->pit_deadline;
        }
        if ((t->tcr & TCR_FIE) != 0u && (t->tsr & TSR_FIS) == 0u) {
            const uint64_t at = sub64(next_event(vt, fit_code(t->tcr)), t->tb_offset);
            next = at < next ? at : next;
        }
    }
    if (((msr & MSR_CE) != 0u && (t->tcr & TCR_WIE) != 0u) || (t->tcr & TCR_WRC) != 0u) {
        const uint64_t at = sub64(next_event(vt, wdt_code(t->tcr)), t->tb_offset);
        next = at < next ? at : next;
    }
    return next;
}

/* TCR write (after vtimer_sync): TCR[WRC], once non-zero, keeps its value
 * until the partition is reset (the manual's rule). */
void vtimer_tcr_write(struct vtimer *t, uint32_t v)
{
    const uint32_t wrc = (t->tcr & TCR_WRC) != 0u ? t->tcr & TCR_WRC : v & TCR_WRC;

    t->tcr = (v & TCR_MASK & ~TCR_WRC) | wrc;
}

/* TSR write: write one to clear. */
void vtimer_tsr_write(struct vtimer *t, uint32_t v)
{
    t->tsr &= ~v;
}

/* PIT write (after vtimer_sync): starts counting from v; 0 stops it. */
void vtimer_pit_write(struct vtimer *t, uint32_t v, uint64_t now)
{
    t->pit_reload = v;
    t->pit_running = v != 0u ? 1u : 0u;
    t->pit_deadline = add64(now, v);
}

/* PIT read (after vtimer_sync at now): the ticks left, 0 once stopped. */
uint32_t vtimer_pit_read(const struct vtimer *t, uint64_t now)
{
    if (t->pit_running == 0u || t->pit_deadline <= now) {
        return 0u;
    }
    return (uint32_t)(sub64(t->pit_deadline, now) % TB_WORD);
}

/* Guest time-base write of the upper (upper != 0) or lower word (after
 * vtimer_sync at now): moves the partition's time base only. */
void vtimer_tb_write(struct vtimer *t, uint32_t upper, uint32_t v, uint64_t now)
{
    const uint64_t vt = add64(now, t->tb_offset);
    const uint64_t nv = upper != 0u ? (uint64_t)v * TB_WORD + vt % TB_WORD
                                    : vt / TB_WORD * TB_WORD + v;

    t->tb_offset = sub64(nv, now);
}

/* Guest time base, upper or lower word, at board time now. */
uint32_t vtimer_tb_read(const struct vtimer *t, uint32_t upper, uint64_t now)
{
    const uint64_t vt = add64(now, t->tb_offset);

    return upper != 0u ? (uint32_t)(vt / TB_WORD) : (uint32_t)(vt % TB_WORD);
}

#endif /* CONFIG_FV_TIMERS */
