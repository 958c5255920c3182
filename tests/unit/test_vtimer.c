/*
 * Unit tests of a partition's virtual timers (kernel/core/vtimer.c): the
 * PIT (one-shot, auto-reload, stop), the FIT and the watchdog on the
 * transitions of the guest's time base, the next event the real PIT must
 * catch, and the guest's time-base offset.  Times are board time-base
 * values; the tests' own reading of the manual: a FIT or watchdog event is
 * a 0->1 transition of the time-base bit of weight 2^(k-1), k = 9, 13, 17,
 * 21 by TCR[FP] and k = 17, 21, 25, 29 by TCR[WP].
 */
#include <string.h>

#include "mock_arch.h"

#define U64_MAX 0xFFFFFFFFFFFFFFFFull
#define T0 1000u
#define WDT (TSR_ENW | TSR_WIS | TSR_WRS)  /* the watchdog's TSR bits */

static struct vtimer t;

static int setup(void **state)
{
    (void)state;
    mock_reset();
    memset(&t, 0x5A, sizeof t);
    vtimer_reset(&t, T0);
    return 0;
}

/* @req FV-005 */
static void test_reset_stops_everything(void **state)
{
    (void)state;
    assert_int_equal(t.tcr | t.tsr | t.pit_reload | t.pit_running, 0u);
    assert_true(t.pit_deadline == 0u && t.tb_offset == 0u && t.synced == T0);
    /* The FIT and the watchdog count whether or not their interrupts are
     * enabled (the status bits latch); the PIT stays stopped and without
     * TCR[WRC] nothing resets. */
    assert_int_equal(vtimer_sync(&t, T0 + 0x10000000u), 0u);
    assert_int_equal(t.tsr, TSR_ENW | TSR_WIS | TSR_FIS);
}

/* ---------------------------------------------------------- PIT ---- */

/* One-shot: PIS once at the deadline, then stopped.  @req FV-005 */
static void test_pit_one_shot(void **state)
{
    (void)state;
    vtimer_pit_write(&t, 100u, T0);
    assert_int_equal(t.pit_running, 1u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 30u), 70u);
    assert_int_equal(vtimer_sync(&t, T0 + 99u), 0u);
    assert_int_equal(t.tsr & TSR_PIS, 0u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 99u), 1u);
    assert_int_equal(vtimer_sync(&t, T0 + 100u), 0u);
    assert_int_equal(t.tsr & TSR_PIS, TSR_PIS);
    assert_int_equal(t.pit_running, 0u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 100u), 0u);
    vtimer_tsr_write(&t, TSR_PIS);
    assert_int_equal(vtimer_sync(&t, T0 + 1000u), 0u);
    assert_int_equal(t.tsr & TSR_PIS, 0u);   /* once only */
}

/* Auto-reload: the next deadline stays on the period grid however late
 * the partition is brought up to date.  @req FV-005 */
static void test_pit_auto_reload_late(void **state)
{
    (void)state;
    vtimer_tcr_write(&t, TCR_ARE | TCR_PIE);
    vtimer_pit_write(&t, 100u, T0);
    assert_int_equal(vtimer_sync(&t, T0 + 350u), 0u);   /* 2.5 periods late */
    assert_int_equal(t.tsr & TSR_PIS, TSR_PIS);
    assert_int_equal(t.pit_running, 1u);
    assert_true(t.pit_deadline == T0 + 400u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 350u), 50u);
    vtimer_tsr_write(&t, TSR_PIS);
    assert_int_equal(vtimer_sync(&t, T0 + 400u), 0u);   /* exactly on time */
    assert_int_equal(t.tsr & TSR_PIS, TSR_PIS);
    assert_true(t.pit_deadline == T0 + 500u);
    assert_int_equal(t.pit_reload, 100u);
}

/* More than 2^32 ticks late (never, by the schedule): the period restarts
 * at now.  @req FV-005 */
static void test_pit_auto_reload_very_late(void **state)
{
    (void)state;
    vtimer_tcr_write(&t, TCR_ARE);
    vtimer_pit_write(&t, 100u, T0);
    assert_int_equal(vtimer_sync(&t, T0 + 100u + 0x100000000ull + 7u), 0u);
    assert_true(t.pit_deadline == T0 + 100u + 0x100000000ull + 7u + 100u);
    assert_int_equal(t.pit_running, 1u);
}

/* Defensive: a running auto-reload PIT with a reload value of 0 cannot be
 * produced through vtimer_pit_write (0 stops it); were it ever the state,
 * the PIT stops instead of dividing by 0.  @req FV-005 */
static void test_pit_auto_reload_zero_stops(void **state)
{
    (void)state;
    vtimer_tcr_write(&t, TCR_ARE);
    t.pit_running = 1u;
    t.pit_reload = 0u;
    t.pit_deadline = T0 + 5u;
    assert_int_equal(vtimer_sync(&t, T0 + 9u), 0u);
    assert_int_equal(t.tsr & TSR_PIS, TSR_PIS);
    assert_int_equal(t.pit_running, 0u);
}

/* Writing 0 stops the PIT; reads give 0.  @req FV-005 */
static void test_pit_zero_stops(void **state)
{
    (void)state;
    vtimer_tcr_write(&t, TCR_ARE);
    vtimer_pit_write(&t, 100u, T0);
    vtimer_pit_write(&t, 0u, T0 + 10u);
    assert_int_equal(t.pit_running, 0u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 10u), 0u);
    assert_int_equal(vtimer_sync(&t, T0 + 5000u), 0u);
    assert_int_equal(t.tsr & TSR_PIS, 0u);
    /* Read before any sync past the deadline: 0, never a wrapped count. */
    vtimer_pit_write(&t, 10u, T0 + 5000u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 5010u), 0u);
    assert_int_equal(vtimer_pit_read(&t, T0 + 6000u), 0u);
}

/* ---------------------------------------------------------- FIT ---- */

/* FIS at each 0->1 transition of TB bit 2^(k-1), for each TCR[FP].
 * @req FV-005 */
static void test_fit_events_per_fp(void **state)
{
    uint32_t fp;
    (void)state;
    for (fp = 0u; fp < 4u; fp++) {
        const uint32_t k = 9u + 4u * fp;
        const uint64_t half = 1ull << (k - 1u), period = 1ull << k;
        vtimer_reset(&t, 0u);
        vtimer_tcr_write(&t, fp << 24);
        assert_int_equal(vtimer_sync(&t, half - 1u), 0u);
        assert_int_equal(t.tsr & TSR_FIS, 0u);
        assert_int_equal(vtimer_sync(&t, half), 0u);
        assert_int_equal(t.tsr & TSR_FIS, TSR_FIS);
        vtimer_tsr_write(&t, TSR_FIS);
        /* the 1->0 transition at period is no event */
        assert_int_equal(vtimer_sync(&t, period), 0u);
        assert_int_equal(vtimer_sync(&t, period + half - 1u), 0u);
        assert_int_equal(t.tsr & TSR_FIS, 0u);
        assert_int_equal(vtimer_sync(&t, period + half), 0u);
        assert_int_equal(t.tsr & TSR_FIS, TSR_FIS);
        /* several events at once: one status bit */
        vtimer_tsr_write(&t, TSR_FIS);
        assert_int_equal(vtimer_sync(&t, 5u * period + half), 0u);
        assert_int_equal(t.tsr & ~WDT, TSR_FIS);
    }
}

/* Events follow the guest's time base.  @req FV-005 FV-006 */
static void test_fit_follows_guest_time(void **state)
{
    (void)state;
    vtimer_reset(&t, 0u);
    vtimer_tb_write(&t, 0u, 250u, 0u);     /* guest time 250 at board 0 */
    assert_int_equal(vtimer_sync(&t, 5u), 0u);
    assert_int_equal(t.tsr & TSR_FIS, 0u);
    assert_int_equal(vtimer_sync(&t, 6u), 0u);   /* guest 256 */
    assert_int_equal(t.tsr & TSR_FIS, TSR_FIS);
}

/* ----------------------------------------------------- watchdog ---- */

/* ENW, then WIS, then the reset TCR[WRC] selects (TSR[WRS] = WRC).
 * @req FV-005 */
static void test_watchdog_enw_wis_reset(void **state)
{
    const uint64_t half = 1ull << 16, period = 1ull << 17;  /* WP = 0 */
    (void)state;
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, 0x20000000u);               /* WRC = 2 */
    assert_int_equal(vtimer_sync(&t, half - 1u), 0u);
    assert_int_equal(t.tsr & WDT, 0u);
    assert_int_equal(vtimer_sync(&t, half), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW);
    assert_int_equal(vtimer_sync(&t, half + period), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW | TSR_WIS);
    assert_int_equal(vtimer_sync(&t, half + 2u * period), 1u);
    assert_int_equal(t.tsr & WDT, TSR_ENW | TSR_WIS | 0x20000000u);
    /* Serviced in time (ENW cleared), no reset. */
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, 0x10000000u | (1u << 30));   /* WRC 1, WP 1: k = 21 */
    assert_int_equal(vtimer_sync(&t, 1ull << 20), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW);
    vtimer_tsr_write(&t, TSR_ENW);
    assert_int_equal(vtimer_sync(&t, (1ull << 20) + (1ull << 21)), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW);
}

/* Three or more events in one step: ENW, WIS and the reset at once; the
 * steps stop at three.  Without WRC, no reset ever.  @req FV-005 */
static void test_watchdog_many_events_and_no_wrc(void **state)
{
    const uint64_t half = 1ull << 16, period = 1ull << 17;
    (void)state;
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, 0x30000000u);
    assert_int_equal(vtimer_sync(&t, half + 9u * period), 1u);
    assert_int_equal(t.tsr & WDT, TSR_ENW | TSR_WIS | 0x30000000u);
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, TCR_WIE);
    assert_int_equal(vtimer_sync(&t, half + 9u * period), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW | TSR_WIS);
    assert_int_equal(vtimer_sync(&t, half + 20u * period), 0u);
    assert_int_equal(t.tsr & WDT, TSR_ENW | TSR_WIS);
}

/* Time never goes back: an earlier now changes nothing.  @req FV-005 */
static void test_sync_earlier_is_noop(void **state)
{
    struct vtimer before;
    (void)state;
    vtimer_tcr_write(&t, TCR_WRC);
    t.tsr = TSR_ENW | TSR_WIS;
    vtimer_pit_write(&t, 10u, T0);
    memcpy(&before, &t, sizeof t);
    assert_int_equal(vtimer_sync(&t, T0 - 1u), 0u);
    assert_memory_equal(&t, &before, sizeof t);
}

/* ------------------------------------------------- TCR and TSR ---- */

/* @req FV-005 */
static void test_tcr_wrc_sticky_and_tsr_w1c(void **state)
{
    (void)state;
    vtimer_tcr_write(&t, 0xFFFFFFFFu & ~TCR_WRC);
    assert_int_equal(t.tcr, TCR_MASK & ~TCR_WRC);
    vtimer_tcr_write(&t, 0x20000000u);
    assert_int_equal(t.tcr, 0x20000000u);
    vtimer_tcr_write(&t, 0x10000000u | TCR_FIE);
    assert_int_equal(t.tcr, 0x20000000u | TCR_FIE);
    vtimer_tcr_write(&t, 0u);
    assert_int_equal(t.tcr, 0x20000000u);
    t.tsr = TSR_MASK;
    vtimer_tsr_write(&t, TSR_ENW | TSR_FIS);
    assert_int_equal(t.tsr, TSR_MASK & ~(TSR_ENW | TSR_FIS));
    vtimer_tsr_write(&t, 0u);
    assert_int_equal(t.tsr, TSR_MASK & ~(TSR_ENW | TSR_FIS));
}

/* -------------------------------------------------- next event ---- */

/* The real PIT must fire at the earliest event that can interrupt the
 * partition: PIT and FIT with EE (and their enables), the watchdog with CE
 * and WIE, or whenever WRC is set.  @req FV-004 FV-005 */
static void test_next_event(void **state)
{
    (void)state;
    vtimer_reset(&t, 0u);
    vtimer_pit_write(&t, 100000u, 0u);
    assert_true(vtimer_next(&t, MSR_EE | MSR_CE) == U64_MAX);   /* nothing enabled */
    vtimer_tcr_write(&t, TCR_PIE);
    assert_true(vtimer_next(&t, 0u) == U64_MAX);                 /* EE off */
    assert_true(vtimer_next(&t, MSR_CE) == U64_MAX);
    assert_true(vtimer_next(&t, MSR_EE) == 100000u);
    /* FIT (FP = 0): next 0->1 of bit 2^8 after 0 is 256 */
    vtimer_tcr_write(&t, TCR_PIE | TCR_FIE);
    assert_true(vtimer_next(&t, MSR_EE) == 256u);
    assert_true(vtimer_next(&t, 0u) == U64_MAX);
    /* FIS already pending: the FIT need not interrupt again */
    t.tsr = TSR_FIS;
    assert_true(vtimer_next(&t, MSR_EE) == 100000u);
    t.tsr = 0u;
    /* after sync at 300 the next FIT event is 256 + 512 */
    (void)vtimer_sync(&t, 300u);
    t.tsr = 0u;
    assert_true(vtimer_next(&t, MSR_EE) == 768u);
    /* PIT earlier than the FIT */
    vtimer_pit_write(&t, 100u, 300u);
    assert_true(vtimer_next(&t, MSR_EE) == 400u);
    /* Watchdog (WP = 0): first event at 2^16 */
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, TCR_WIE);
    assert_true(vtimer_next(&t, MSR_EE) == U64_MAX);             /* CE off */
    assert_true(vtimer_next(&t, MSR_CE) == 65536u);
    vtimer_tcr_write(&t, TCR_WIE | TCR_FIE);
    assert_true(vtimer_next(&t, MSR_CE | MSR_EE) == 256u);       /* FIT first */
    vtimer_reset(&t, 0u);
    vtimer_tcr_write(&t, 0x10000000u);                          /* WRC only */
    assert_true(vtimer_next(&t, 0u) == 65536u);
    vtimer_pit_write(&t, 70000u, 0u);
    vtimer_tcr_write(&t, TCR_PIE);
    assert_true(vtimer_next(&t, MSR_EE) == 65536u);             /* watchdog first */
}

/* Next event in board time when the guest's time base is offset.
 * @req FV-005 FV-006 */
static void test_next_event_with_offset(void **state)
{
    (void)state;
    vtimer_reset(&t, 1000u);
    vtimer_tb_write(&t, 0u, 0x00000100u, 1000u);   /* guest 0x100 at board 1000 */
    vtimer_tcr_write(&t, TCR_FIE);
    /* guest's next event: 0x100 + 512 = 768 guest, i.e. board 1000 + 512 */
    assert_true(vtimer_next(&t, MSR_EE) == 1512u);
}

/* --------------------------------------------------- time base ---- */

/* Writes move the partition's time base only; the offset wraps modulo
 * 2^64 both ways.  @req FV-006 */
static void test_time_base_offset_wraps(void **state)
{
    const uint64_t now = 0x0000000500000000ull;
    (void)state;
    vtimer_reset(&t, now);
    /* lower word written smaller than the board's: guest behind the board */
    vtimer_tb_write(&t, 1u, 0u, now);
    assert_true(t.tb_offset == 0u - now);                        /* wrapped */
    assert_int_equal(vtimer_tb_read(&t, 1u, now + 3u), 0u);
    assert_int_equal(vtimer_tb_read(&t, 0u, now + 3u), 3u);
    /* upper word near the top: guest time wraps to 0 later */
    vtimer_tb_write(&t, 1u, 0xFFFFFFFFu, now);
    vtimer_tb_write(&t, 0u, 0xFFFFFFF0u, now);
    assert_int_equal(vtimer_tb_read(&t, 1u, now), 0xFFFFFFFFu);
    assert_int_equal(vtimer_tb_read(&t, 0u, now), 0xFFFFFFF0u);
    assert_int_equal(vtimer_tb_read(&t, 1u, now + 0x10u), 0u);
    assert_int_equal(vtimer_tb_read(&t, 0u, now + 0x13u), 3u);
    /* the board's time base is never written */
    assert_int_equal(mock_tb_reads, 0u);
    /* ahead of the board: no wrap */
    vtimer_reset(&t, 10u);
    vtimer_tb_write(&t, 1u, 2u, 10u);
    assert_true(t.tb_offset == 0x200000000ull);
    assert_int_equal(vtimer_tb_read(&t, 0u, 10u), 10u);
}

/* A guest time base that wraps past 2^64 still counts the FIT event at
 * guest time 2^64 + 256 (event index modulo 2^64).  @req FV-005 FV-006 */
static void test_fit_across_wrap(void **state)
{
    (void)state;
    vtimer_reset(&t, 100u);
    vtimer_tb_write(&t, 1u, 0xFFFFFFFFu, 100u);
    vtimer_tb_write(&t, 0u, 0xFFFFFF00u, 100u);   /* guest = 2^64 - 256 */
    vtimer_tcr_write(&t, TCR_FIE);
    assert_int_equal(vtimer_sync(&t, 100u + 256u + 255u), 0u);   /* guest 255 */
    assert_int_equal(t.tsr & TSR_FIS, 0u);
    assert_int_equal(vtimer_sync(&t, 100u + 256u + 256u), 0u);   /* guest 256 */
    assert_int_equal(t.tsr & TSR_FIS, TSR_FIS);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
    const struct CMUnitTest tests[] = {
        T(test_reset_stops_everything),
        T(test_pit_one_shot),
        T(test_pit_auto_reload_late),
        T(test_pit_auto_reload_very_late),
        T(test_pit_auto_reload_zero_stops),
        T(test_pit_zero_stops),
        T(test_fit_events_per_fp),
        T(test_fit_follows_guest_time),
        T(test_watchdog_enw_wis_reset),
        T(test_watchdog_many_events_and_no_wrc),
        T(test_sync_earlier_is_noop),
        T(test_tcr_wrc_sticky_and_tsr_w1c),
        T(test_next_event),
        T(test_next_event_with_offset),
        T(test_time_base_offset_wraps),
        T(test_fit_across_wrap),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
