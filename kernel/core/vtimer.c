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

/* a + b modulo 2^64. */
/*@ assigns \nothing;
    ensures a + b <= U64_MAX ==> \result == a + b; */
static uint64_t add64(uint64_t a, uint64_t b)
{
    return b > U64_MAX - a ? b - (U64_MAX - a) - 1u : a + b;
}

/* a - b modulo 2^64. */
/*@ assigns \nothing;
    ensures a >= b ==> \result == a - b; */
static uint64_t sub64(uint64_t a, uint64_t b)
{
    return a >= b ? a - b : (U64_MAX - b) + a + 1u;
}

/* x >> k and x << k for 1 <= k <= 31, without a library call. */
/*@ requires 1 <= k <= 31;
    assigns \nothing; */
static uint64_t shr64(uint64_t x, uint32_t k)
{
    const uint32_t hi = (uint32_t)(x >> 32);
    const uint32_t lo = (uint32_t)x;

    return ((uint64_t)(hi >> k) << 32) | (uint64_t)((lo >> k) | (hi << (32u - k)));
}

/*@ requires 1 <= k <= 31;
    assigns \nothing; */
static uint64_t shl64(uint64_t x, uint32_t k)
{
    const uint32_t hi = (uint32_t)(x >> 32);
    const uint32_t lo = (uint32_t)x;

    return ((uint64_t)((hi << k) | (lo >> (32u - k))) << 32) | (uint64_t)(lo << k);
}

/* FIT and watchdog events are the 0->1 transitions of one time-base bit:
 * period 2^k ticks, at guest times 2^(k-1) modulo 2^k.  The number of
 * events in [0, vt]: */
/*@ requires 9 <= k <= 29;
    assigns \nothing; */
static uint64_t event_index(uint64_t vt, uint32_t k)
{
    return shr64(add64(vt, (uint64_t)(1u << (k - 1u))), k);
}

/* log2 of the FIT period for TCR[FP] (2^9, 2^13, 2^17, 2^21 ticks) and of
 * the watchdog period for TCR[WP] (2^17, 2^21, 2^25, 2^29 ticks). */
/*@ assigns \nothing; ensures 9 <= \result <= 21; */
static uint32_t fit_shift(uint32_t tcr)
{
    return 9u + 4u * ((tcr / 0x01000000u) % 4u);  /* (tcr & TCR_FP) >> 24 */
}

/*@ assigns \nothing; ensures 17 <= \result <= 29; */
static uint32_t wdt_shift(uint32_t tcr)
{
    return 17u + 4u * (tcr / 0x40000000u);  /* tcr >> 30 */
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

/* One watchdog event: ENW, then WIS, then the reset TCR[WRC] selects.
 * Returns 1 when the partition is to be reset. */
/*@ requires \valid(t);
    assigns t->tsr; */
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
    const uint32_t kf = fit_shift(t->tcr);
    const uint32_t kw = wdt_shift(t->tcr);
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
            t->pit_deadline = late > 0xFFFFFFFFull ? now + t->pit_reload
                : t->pit_deadline + ((uint64_t)n + 1u) * t->pit_reload;
        } else {
            t->pit_running = 0u;
        }
    }
    if (event_index(b, kf) != event_index(a, kf)) {
        t->tsr |= TSR_FIS;
    }
    wa = event_index(a, kw);
    wb = event_index(b, kw);
    /*@ loop invariant 0 <= i <= 3;
        loop assigns i, reset, t->tsr, wa;
        loop variant 3 - i; */
    for (i = 0u; i < 3u && wa != wb; i++) { /* @wcet-bound 3 */
        reset |= wdt_step(t);
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
            const uint32_t k = fit_shift(t->tcr);
            const uint64_t ev = sub64(shl64(add64(event_index(vt, k), 1u), k), (uint64_t)(1u << (k - 1u)));
            const uint64_t at = sub64(ev, t->tb_offset);
            next = at < next ? at : next;
        }
    }
    if (((msr & MSR_CE) != 0u && (t->tcr & TCR_WIE) != 0u) || (t->tcr & TCR_WRC) != 0u) {
        const uint32_t k = wdt_shift(t->tcr);
        const uint64_t ev = sub64(shl64(add64(event_index(vt, k), 1u), k), (uint64_t)(1u << (k - 1u)));
        const uint64_t at = sub64(ev, t->tb_offset);
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
    return (uint32_t)sub64(t->pit_deadline, now);
}

/* Guest time-base write of the upper (upper != 0) or lower word (after
 * vtimer_sync at now): moves the partition's time base only. */
void vtimer_tb_write(struct vtimer *t, uint32_t upper, uint32_t v, uint64_t now)
{
    const uint64_t vt = add64(now, t->tb_offset);
    const uint64_t nv = upper != 0u ? ((uint64_t)v << 32) | (vt & 0xFFFFFFFFull)
                                    : (vt & 0xFFFFFFFF00000000ull) | v;

    t->tb_offset = sub64(nv, now);
}

/* Guest time base, upper or lower word, at board time now. */
uint32_t vtimer_tb_read(const struct vtimer *t, uint32_t upper, uint64_t now)
{
    const uint64_t vt = add64(now, t->tb_offset);

    return upper != 0u ? (uint32_t)(vt >> 32) : (uint32_t)vt;
}

#endif /* CONFIG_FV_TIMERS */
